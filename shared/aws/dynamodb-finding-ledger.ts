import { type DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { FindingLedger, ImportedRecord } from "../channels";

/** Security Hub deletes a finding not updated for 90 days (user guide, "UpdatedAt"): the memory of it can go too. */
const RETENTION_SECONDS = 90 * 86_400;

/**
 * What the Security Hub channel imported, one item per (rule, resource) in the state table
 * (`securityhub#` keys beside the alert state's `finding#`), removed by the table's TTL.
 */
export class DynamoDbFindingLedger implements FindingLedger {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly table: string,
  ) {}

  async get(key: string): Promise<ImportedRecord | undefined> {
    const { Item } = await this.db.send(
      new GetItemCommand({
        TableName: this.table,
        Key: marshall({ pk: `securityhub#${key}` }),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const { pk: _pk, expiresAt: _expires, ...record } = unmarshall(Item);
    return record as ImportedRecord;
  }

  async put(key: string, record: ImportedRecord, now: Date): Promise<void> {
    const expiresAt = Math.floor(now.getTime() / 1000) + RETENTION_SECONDS;
    await this.db.send(
      new PutItemCommand({
        TableName: this.table,
        Item: marshall({ pk: `securityhub#${key}`, ...record, expiresAt }),
      }),
    );
  }
}
