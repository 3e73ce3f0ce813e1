/**
 * The local AWS endpoint in a process of its own, seeded with the sample account at the time the
 * parent sends, so the parent's CPU time is the handler's alone. Speaks to its parent over IPC:
 * `{ now }` starts it and answers `{ url }`; `"calls"` answers the operations called since the
 * last such question.
 */
import { readSampleAccount } from "../cli/demo";
import { type LocalAws, startLocalAws } from "../local-aws";

let aws: LocalAws | undefined;
let seen = 0;
process.on("message", async (message: { now: string } | "calls") => {
  if (message === "calls") {
    const calls = aws?.calls.slice(seen).map((c) => c.operation) ?? [];
    seen += calls.length;
    process.send?.({ calls });
    return;
  }
  const now = new Date(message.now);
  aws = await startLocalAws({ seed: readSampleAccount(now), clock: () => now });
  process.send?.({ url: aws.url });
});
process.on("disconnect", () => void aws?.close().finally(() => process.exit(0)));
