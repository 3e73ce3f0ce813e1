export type { Continuation } from "./continuation";
export { type Digest, type DigestSender, digestLines, digestOf } from "./digest";
export { type SweepCursor, type SweepOptions, type SweepResult, sweep } from "./sweep";
