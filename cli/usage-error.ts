/** Bad flags, files or credentials: exit code 2 with a message, never a stack trace. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
