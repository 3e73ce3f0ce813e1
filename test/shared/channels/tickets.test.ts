import {
  CreateOpsItemCommand,
  DescribeOpsItemsCommand,
  SSMClient,
  UpdateOpsItemCommand,
} from "@aws-sdk/client-ssm";
import { afterEach, describe, expect, it } from "vitest";
import { JiraError, JiraTicketer, OpsCenterTicketer, ticketKey } from "../../../shared/channels";
import { alert, finding } from "../../support/alerts";
import { type Receiver, startReceiver } from "../../support/http-receiver";
import { mockAws } from "../../support/mock-aws";

describe("OpsCenterTicketer", () => {
  it("opens an OpsItem with a dedup string, mapped severity and the finding", async () => {
    const ssm = mockAws(SSMClient);
    ssm.on(CreateOpsItemCommand).resolves({ OpsItemId: "oi-0123456789ab" });
    expect(await new OpsCenterTicketer(new SSMClient({ region: "eu-west-1" })).open(alert)).toBe(
      "oi-0123456789ab",
    );
    const input = ssm.commandCalls(CreateOpsItemCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ Source: "keysentry", Severity: "1", Category: "Security" });
    expect(JSON.parse(input.OperationalData?.["/aws/dedup"]?.Value ?? "{}")).toEqual({
      dedupString: ticketKey(finding),
    });
    expect(JSON.parse(input.OperationalData?.["keysentry:finding"]?.Value ?? "{}")).toEqual(finding);
    expect(input.Description?.length).toBeLessThanOrEqual(2048);
  });

  it("resolves the finding's open OpsItem, found by its ticket key, saying what resolved it", async () => {
    const ssm = mockAws(SSMClient);
    ssm.on(DescribeOpsItemsCommand).resolves({
      OpsItemSummaries: [
        { OpsItemId: "oi-open", Status: "Open" },
        { OpsItemId: "oi-done", Status: "Resolved" },
      ],
    });
    ssm.on(UpdateOpsItemCommand).resolves({});
    const resolved = { ...alert, transition: "resolved" as const };
    expect(await new OpsCenterTicketer(new SSMClient({ region: "eu-west-1" })).resolve(resolved)).toBe(
      "oi-open",
    );
    const filters = ssm.commandCalls(DescribeOpsItemsCommand)[0]!.args[0].input.OpsItemFilters;
    expect(filters).toContainEqual({
      Key: "OperationalData",
      Values: [JSON.stringify({ key: "keysentry:ticket", value: ticketKey(finding) })],
      Operator: "Equal",
    });
    const updates = ssm.commandCalls(UpdateOpsItemCommand).map((c) => c.args[0].input);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ OpsItemId: "oi-open", Status: "Resolved" });
    expect(updates[0]?.OperationalData?.["keysentry:resolution"]?.Value).toMatch(
      /^Resolved: a fresh read after PutKeyPolicy/,
    );
  });

  it("opens OpsItems that can be found again by the finding's ticket key", async () => {
    const ssm = mockAws(SSMClient);
    ssm.on(CreateOpsItemCommand).resolves({ OpsItemId: "oi-1" });
    await new OpsCenterTicketer(new SSMClient({ region: "eu-west-1" })).open(alert);
    const data = ssm.commandCalls(CreateOpsItemCommand)[0]!.args[0].input.OperationalData;
    expect(data?.["keysentry:ticket"]).toEqual({ Value: ticketKey(finding), Type: "SearchableString" });
  });

  it("uses one dedup string per rule and resource", () => {
    expect(ticketKey(finding)).toBe(ticketKey({ ...finding }));
    expect(ticketKey(finding)).not.toBe(ticketKey({ ...finding, ruleId: "kms-key-enabled" }));
  });
});

describe("JiraTicketer", () => {
  let jira: Receiver | undefined;
  afterEach(() => jira?.close());

  const ticketer = (url: string) =>
    new JiraTicketer({
      baseUrl: url,
      projectKey: "SEC",
      issueType: "Task",
      email: "bot@example.com",
      apiToken: async () => "jira-api-token",
    });

  it("creates an issue labelled for de-duplication when none is open", async () => {
    jira = await startReceiver((request) =>
      request.path.startsWith("/rest/api/3/search/jql")
        ? { status: 200, body: { issues: [] } }
        : { status: 201, body: { key: "SEC-42" } },
    );
    expect(await ticketer(jira.url).open(alert)).toBe("SEC-42");
    const [search, create] = jira.received;
    expect(decodeURIComponent(search!.path)).toContain(
      `labels = "${ticketKey(finding)}" AND statusCategory != Done`,
    );
    expect(search!.headers.authorization).toBe(
      `Basic ${Buffer.from("bot@example.com:jira-api-token").toString("base64")}`,
    );
    const fields = JSON.parse(create!.body).fields;
    expect(fields).toMatchObject({
      project: { key: "SEC" },
      issuetype: { name: "Task" },
      labels: ["keysentry", ticketKey(finding)],
    });
    expect(fields.description.type).toBe("doc");
  });

  it("comments on the open issue instead of creating a twin", async () => {
    jira = await startReceiver((request) =>
      request.path.startsWith("/rest/api/3/search/jql")
        ? { status: 200, body: { issues: [{ key: "SEC-7" }] } }
        : { status: 201, body: { id: "1" } },
    );
    expect(await ticketer(jira.url).open(alert)).toBe("SEC-7");
    expect(jira.received.map((r) => `${r.method} ${r.path.split("?")[0]}`)).toEqual([
      "GET /rest/api/3/search/jql",
      "POST /rest/api/3/issue/SEC-7/comment",
    ]);
  });

  it("comments on the open issue when the finding resolves, then applies the configured transition", async () => {
    jira = await startReceiver((request) => {
      if (request.path.startsWith("/rest/api/3/search/jql"))
        return { status: 200, body: { issues: [{ key: "SEC-7" }] } };
      if (request.method === "GET")
        return { status: 200, body: { transitions: [{ id: "31", name: "Done" }] } };
      return { status: 204 };
    });
    const withTransition = new JiraTicketer({
      baseUrl: jira.url,
      projectKey: "SEC",
      issueType: "Task",
      email: "bot@example.com",
      resolveTransition: "done",
      apiToken: async () => "jira-api-token",
    });
    expect(await withTransition.resolve({ ...alert, transition: "resolved" })).toBe("SEC-7");
    expect(jira.received.map((r) => `${r.method} ${r.path.split("?")[0]}`)).toEqual([
      "GET /rest/api/3/search/jql",
      "POST /rest/api/3/issue/SEC-7/comment",
      "GET /rest/api/3/issue/SEC-7/transitions",
      "POST /rest/api/3/issue/SEC-7/transitions",
    ]);
    expect(jira.received[1]!.body).toContain("Resolved: a fresh read after PutKeyPolicy");
    expect(JSON.parse(jira.received[3]!.body)).toEqual({ transition: { id: "31" } });
  });

  it("has nothing to close when no issue is open", async () => {
    jira = await startReceiver(() => ({ status: 200, body: { issues: [] } }));
    expect(await ticketer(jira.url).resolve({ ...alert, transition: "resolved" })).toBeUndefined();
    expect(jira.received).toHaveLength(1);
  });

  it("fails with a typed error when Jira refuses", async () => {
    jira = await startReceiver(() => ({ status: 401 }));
    await expect(ticketer(jira.url).open(alert)).rejects.toEqual(new JiraError("search", 401));
  });
});
