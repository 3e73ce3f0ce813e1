import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { SweepLease } from "../sweep";

/** The lease's item in the state table, beside the findings (`<rule>#<arn>`) and policies (`policy#<arn>`). */
const LEASE_KEY = "lease#sweep";

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * The sweep's lease as one item of the state table, taken and given up by conditional writes, so
 * of two sweeps that start together exactly one gets it. It expires by itself at the holder's
 * deadline (`expiresAt`, the table's TTL attribute), so a sweep that timed out holds nothing.
 */
export class DynamoDbSweepLease implements SweepLease {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly table: string,
  ) {}

  async acquire(holder: string, until: Date, now: Date): Promise<boolean> {
    return this.write(
      { pk: LEASE_KEY, holder, expiresAt: epochSeconds(until) },
      "attribute_not_exists(pk) OR expiresAt <= :now OR holder = :holder",
      { ":now": epochSeconds(now), ":holder": holder },
    );
  }

  async release(holder: string): Promise<void> {
    await this.write({ pk: LEASE_KEY, holder: "", expiresAt: 0 }, "holder = :holder", { ":holder": holder });
  }

  /** A conditional put: false when the condition does not hold. */
  private async write(item: object, condition: string, values: object): Promise<boolean> {
    try {
      await this.db.send(
        new PutItemCommand({
          TableName: this.table,
          Item: marshall(item),
          ConditionExpression: condition,
          ExpressionAttributeValues: marshall(values),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
