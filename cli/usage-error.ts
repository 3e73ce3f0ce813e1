import { KeysentryError } from "../shared/errors";
/** Bad flags, files or settings: exit code 2 with a message, never a stack trace. */
export class UsageError extends KeysentryError {
  override readonly name = "UsageError";
}
