export type { Continuation } from "./continuation";
export { type Digest, type DigestSender, digestOf } from "./digest";
export { digestLines } from "./digest-lines";
export type { SweepLease } from "./lease";
export { type SweepCursor, type SweepOptions, type SweepResult, sweep } from "./sweep";
