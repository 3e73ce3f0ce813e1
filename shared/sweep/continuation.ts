import type { Context } from "aws-lambda";
import type { SweepCursor } from "./sweep";

/** Starts the next run of a sweep that stopped short of its deadline (adapter: a Lambda self-invocation). */
export interface Continuation {
  continueFrom(cursor: SweepCursor, context: Context): Promise<void>;
}
