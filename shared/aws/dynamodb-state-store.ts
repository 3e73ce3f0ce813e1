import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import {
  evidenceHash,
  findingKey,
  NEWSWORTHY,
  type NotifiedState,
  notifiedState,
  type RememberedPolicy,
  type StateStore,
  type Transition,
  transition,
} from "../actions";
import { type Finding, isTrouble } from "../model";

/** Records outlive the longest de-duplication window, then DynamoDB's TTL removes them. */
const RETENTION_SECONDS = 90 * 86_400;
/** Concurrent writers of the same finding: the loser re-reads and normally finds a repeat. */
const MAX_ATTEMPTS = 3;

interface FindingItem extends NotifiedState {
  pk: string;
  version: number;
  expiresAt: number;
}

/**
 * The state table: one item per (rule, resource) with what keysentry last told people, and
 * one per key with the last policy seen. Writes are conditional on the version read, so of
 * several deliveries of the same event exactly one wins the right to alert.
 */
export class DynamoDbStateStore implements StateStore {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly table: string,
  ) {}

  private async get<T>(pk: string): Promise<T | undefined> {
    const { Item } = await this.db.send(
      new GetItemCommand({ TableName: this.table, Key: marshall({ pk }), ConsistentRead: true }),
    );
    return Item ? (unmarshall(Item) as T) : undefined;
  }

  async record(finding: Finding, now: Date, windowSeconds: number): Promise<Transition> {
    const pk = findingKey(finding);
    const hash = isTrouble(finding.status) ? evidenceHash(finding) : "";
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const previous = await this.get<FindingItem>(pk);
      const result = transition(previous, finding, hash, now, windowSeconds);
      if (!NEWSWORTHY.has(result)) return result;
      const item: FindingItem = {
        pk,
        ...notifiedState(previous, finding, hash, now),
        version: (previous?.version ?? 0) + 1,
        expiresAt: Math.floor(now.getTime() / 1000) + RETENTION_SECONDS,
      };
      try {
        await this.db.send(
          new PutItemCommand({
            TableName: this.table,
            Item: marshall(item),
            ConditionExpression: previous ? "version = :read" : "attribute_not_exists(pk)",
            ...(previous ? { ExpressionAttributeValues: marshall({ ":read": previous.version }) } : {}),
          }),
        );
        return result;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    return "repeat";
  }

  async lastPolicy(keyArn: string): Promise<RememberedPolicy | undefined> {
    const item = await this.get<{ policy: string; seenAt: string }>(`policy#${keyArn}`);
    return item && { text: item.policy, seenAt: new Date(item.seenAt) };
  }

  async rememberPolicy(keyArn: string, policy: string, now: Date): Promise<void> {
    const expiresAt = Math.floor(now.getTime() / 1000) + RETENTION_SECONDS;
    await this.db.send(
      new PutItemCommand({
        TableName: this.table,
        Item: marshall({ pk: `policy#${keyArn}`, policy, seenAt: now.toISOString(), expiresAt }),
      }),
    );
  }
}
