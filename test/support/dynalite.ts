import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";
import { TEST_CREDENTIALS } from "./sample-account";

export interface LocalDynamo {
  url: string;
  client: DynamoDBClient;
  /** A fresh, empty state table for each call (named as given, or anew), ACTIVE when the promise settles. */
  createStateTable(name?: string): Promise<string>;
  close(): Promise<void>;
}

/** A real DynamoDB-protocol server in memory, with the state table's key schema. */
export async function startDynalite(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    region: "eu-west-1",
    endpoint: `http://127.0.0.1:${port}`,
    credentials: TEST_CREDENTIALS,
  });
  let tables = 0;
  return {
    url: `http://127.0.0.1:${port}`,
    client,
    async createStateTable(name = `keysentry-state-${++tables}`) {
      await client.send(
        new CreateTableCommand({
          TableName: name,
          KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
          AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
          BillingMode: "PAY_PER_REQUEST",
        }),
      );
      // CreateTable answers while the table is still CREATING, as DynamoDB does; dynalite turns
      // it ACTIVE on a timer, and reads before then fail with ResourceNotFoundException. The
      // next request finds it CREATING about one time in ten, and the SDK's waiter would then
      // sleep a whole second: dynalite needs milliseconds.
      for (let check = 1; ; check++) {
        const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
        if (Table?.TableStatus === "ACTIVE") return name;
        if (check === 100) throw new Error(`dynalite table ${name} still ${Table?.TableStatus} after 1 s`);
        await sleep(10);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        client.destroy();
        server.close(() => resolve());
      }),
  };
}
