import type { FindingLedger } from "./security-hub-lifecycle";

/** What a channel module's `create` is given besides its own settings. */
export interface ChannelContext {
  /** The function's region. */
  region: string;
  /** The channel's secrets by the names its definition gives them, read on first use and cached. */
  secrets: Record<string, () => Promise<string>>;
  /** Where a findings channel remembers what it imported (Lambda: the state table); absent in the CLI. */
  findingLedger?: FindingLedger;
}

/** A channel the stack configures is given what the stack created for it, and its instance's name. */
export interface StackChannelConfig {
  name: string;
  arn: string;
}
