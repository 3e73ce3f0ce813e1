import { type Finding, isTrouble } from "../model";
import {
  evidenceHash,
  findingKey,
  NEWSWORTHY,
  type NotifiedState,
  type RememberedPolicy,
  type StateStore,
  type Transition,
} from "./state-store";
import { notifiedState, transition } from "./transitions";

/** For the CLI, the demo and tests: the same rules as the DynamoDB store, in memory. */
export class MemoryStateStore implements StateStore {
  private readonly entries = new Map<string, NotifiedState>();
  private readonly policies = new Map<string, RememberedPolicy>();

  async record(finding: Finding, now: Date, windowSeconds: number): Promise<Transition> {
    const key = findingKey(finding);
    const hash = isTrouble(finding.status) ? evidenceHash(finding) : "";
    const previous = this.entries.get(key);
    const result = transition(previous, finding, hash, now, windowSeconds);
    if (NEWSWORTHY.has(result)) this.entries.set(key, notifiedState(previous, finding, hash, now));
    return result;
  }

  async lastPolicy(keyArn: string) {
    return this.policies.get(keyArn);
  }

  async rememberPolicy(keyArn: string, policy: string, now: Date) {
    this.policies.set(keyArn, { text: policy, seenAt: now });
  }
}
