import { GetResourceConfigHistoryCommand } from "@aws-sdk/client-config-service";
import { describe, expect, it } from "vitest";
import type { EventResult } from "../../shared/pipeline";
import { defaultKeyPolicy } from "../../shared/rules";
import {
  config,
  HARNESS_SETTINGS,
  type Harness,
  published,
  sample,
  TOPIC_ARN,
  useHarness,
} from "../support/event-harness";

const start = useHarness();
let harness: Harness;

const trouble = (result: EventResult) =>
  result.findings
    .filter((f) => f.status === "NON_COMPLIANT" || f.status === "ERROR")
    .map((f) => `${f.ruleId} ${f.status} ${f.severity}`)
    .sort();
const actions = (result: EventResult) =>
  result.actions.map((a) => `${a.action}:${a.target}:${a.status}`).sort();

interface Case {
  file: string;
  trouble: string[];
  actions: string[];
  ignored?: RegExp;
}

const cases: Case[] = [
  {
    file: "kms/create-key.json",
    trouble: ["kms-rotation-enabled NON_COMPLIANT MEDIUM"],
    actions: ["alert:sns:sent", "remediation:enable-key-rotation:verified"],
  },
  {
    file: "kms/disable-key.json",
    trouble: ["kms-key-enabled NON_COMPLIANT MEDIUM"],
    actions: ["alert:sns:sent"],
  },
  { file: "kms/enable-key.json", trouble: [], actions: [] },
  {
    file: "kms/cancel-key-deletion.json",
    trouble: ["kms-rotation-enabled NON_COMPLIANT MEDIUM"],
    actions: ["alert:sns:sent", "remediation:enable-key-rotation:verified"],
  },
  {
    file: "kms/disable-key-rotation.json",
    trouble: ["kms-rotation-enabled NON_COMPLIANT MEDIUM"],
    actions: ["alert:sns:sent", "remediation:enable-key-rotation:verified"],
  },
  {
    file: "kms/enable-key-rotation.json",
    trouble: ["kms-rotation-period NON_COMPLIANT MEDIUM"],
    actions: ["alert:sns:sent", "remediation:set-rotation-period:verified"],
  },
  { file: "kms/rotate-key-on-demand.json", trouble: [], actions: [] },
  // EBS's own grants: the rules drop them (test/infra/event-patterns.test.ts); one that arrives costs no read.
  { file: "kms/create-grant.json", trouble: [], actions: [], ignored: /\(to-service-principal\)/ },
  { file: "kms/create-grant-ebs-attach.json", trouble: [], actions: [], ignored: /\(to-reserved-session\)/ },
  { file: "kms/retire-grant-by-service.json", trouble: [], actions: [], ignored: /\(retired-by-service\)/ },
  {
    file: "kms/create-grant-external.json",
    trouble: ["kms-grant-principals NON_COMPLIANT CRITICAL"],
    actions: ["alert:sns:sent"],
  },
  { file: "kms/retire-grant.json", trouble: [], actions: [] },
  { file: "kms/revoke-grant.json", trouble: [], actions: [] },
  {
    file: "kms/import-key-material.json",
    trouble: ["kms-imported-material-expiry NON_COMPLIANT HIGH"],
    actions: ["alert:sns:sent"],
  },
  {
    file: "kms/delete-imported-key-material.json",
    trouble: ["kms-imported-material-expiry NON_COMPLIANT HIGH"],
    actions: ["alert:sns:sent"],
  },
  { file: "kms/replicate-key.json", trouble: [], actions: [] },
  { file: "kms/update-primary-region.json", trouble: [], actions: [] },
  { file: "kms/kms-cmk-rotation.json", trouble: [], actions: [] },
  {
    file: "kms/kms-imported-key-material-expiration.json",
    trouble: ["kms-imported-material-expiry NON_COMPLIANT HIGH"],
    actions: ["alert:sns:sent"],
  },
  {
    file: "kms/failed-disable-key.json",
    trouble: [],
    actions: [],
    ignored: /DisableKey failed \(AccessDeniedException\)/,
  },
  { file: "kms/own-remediation.json", trouble: [], actions: [], ignored: /keysentry's own remediation role/ },
  { file: "kms/other-account.json", trouble: [], actions: [], ignored: /event for account 999988887777/ },
  // The tags are read fresh: the sample account has no exemption on alias/legacy-batch (the test below adds one).
  {
    file: "kms/tag-resource.json",
    trouble: ["kms-key-enabled NON_COMPLIANT MEDIUM"],
    actions: ["alert:sns:sent"],
  },
  {
    file: "kms/untag-resource.json",
    trouble: ["kms-key-enabled NON_COMPLIANT MEDIUM"],
    actions: ["alert:sns:sent"],
  },
  {
    file: "malformed/claims-public-policy-on-compliant-key.json",
    trouble: [],
    actions: [],
  },
];

describe("kms-events handler, every sample", () => {
  it.each(cases)("$file", async ({ file, trouble: expected, actions: expectedActions, ignored }) => {
    harness = await start();
    const result = await harness.kms(sample(file));
    expect(trouble(result)).toEqual(expected);
    expect(actions(result)).toEqual(expectedActions);
    if (ignored) expect(result.ignored).toEqual([{ reason: expect.stringMatching(ignored) }]);
    else expect(result.ignored).toEqual([]);
    expect(published()).toHaveLength(expectedActions.filter((a) => a.startsWith("alert:sns")).length);
  });

  it("flags a short deletion window at once, cancels the deletion and restores the prior Enabled state", async () => {
    harness = await start();
    config.on(GetResourceConfigHistoryCommand).resolves({
      configurationItems: [
        {
          configuration: JSON.stringify({ keyState: "PendingDeletion" }),
          configurationItemCaptureTime: new Date("2026-11-01T09:16:00Z"),
        },
        {
          configuration: JSON.stringify({ keyState: "Enabled" }),
          configurationItemCaptureTime: new Date("2025-06-01T00:00:00Z"),
        },
      ],
    });
    const result = await harness.kms(sample("kms/schedule-key-deletion.json"));
    const finding = result.findings.find((f) => f.ruleId === "kms-not-pending-deletion");
    expect(finding).toMatchObject({
      status: "NON_COMPLIANT",
      severity: "CRITICAL",
      eventEvidence: { requestedWindowDays: 7 },
    });
    expect(finding?.annotation).toMatch(/a 7-day window under the 30-day minimum/);
    // The alert carries the blast radius: when the key was last used, by which call.
    expect(published()[0]?.body.summary.join("\n")).toMatch(
      /last used 25 days ago \(Decrypt, CloudTrail event 1ec05806…\): something still depends on it; CancelKeyDeletion/,
    );
    const remediation = result.actions.find((a) => a.action === "remediation");
    expect(remediation).toMatchObject({ target: "cancel-key-deletion", status: "verified" });
    expect(remediation?.detail).toMatch(
      /the key is Enabled because it was Enabled before \(AWS Config history/,
    );
    expect(
      harness.aws.calls
        .filter((c) => c.status === 200 && ["CancelKeyDeletion", "EnableKey"].includes(c.operation))
        .map((c) => c.operation),
    ).toEqual(["CancelKeyDeletion", "EnableKey"]);
    expect(published()[0]?.body.actions[0]).toMatchObject({
      target: "cancel-key-deletion",
      status: "verified",
    });
  });

  it("leaves a cancelled key Disabled, and says so, when its prior state is unknown", async () => {
    harness = await start();
    const result = await harness.kms(sample("kms/schedule-key-deletion.json"));
    expect(result.actions.find((a) => a.action === "remediation")?.detail).toMatch(
      /left Disabled for someone to enable/,
    );
    expect(harness.aws.calls.some((c) => c.operation === "EnableKey")).toBe(false);
  });

  it("alerts on a public policy with what changed and who did it", async () => {
    harness = await start();
    const arn = "arn:aws:kms:eu-west-1:111122223333:key/61d470b8-92a3-44b5-90f1-7c8d9e0f1a07";
    await harness.store.rememberPolicy(arn, JSON.stringify(defaultKeyPolicy()), new Date());
    const result = await harness.kms(sample("kms/put-key-policy-public.json"));
    expect(trouble(result)).toEqual(["kms-policy-no-public-access NON_COMPLIANT CRITICAL"]);
    const [message] = published();
    expect(message?.subject).toMatch(
      /^\[keysentry CRITICAL\] kms-policy-no-public-access on alias\/shared-uploads/,
    );
    expect(message?.attributes).toMatchObject({
      ruleId: { StringValue: "kms-policy-no-public-access" },
      severity: { StringValue: "CRITICAL" },
    });
    expect(message?.body.policyChange).toEqual({
      baseline: true,
      added: ["AllowUseViaS3"],
      removed: [],
      changed: [],
      appearedClasses: ["public"],
    });
    expect(message?.body.cause).toMatchObject({
      name: "PutKeyPolicy",
      actor: "role Admin assumed by bob@example.com",
    });
    expect(message?.body.summary).toContain("Policy change: added AllowUseViaS3; new access: public");
    expect(message?.topicArn).toBe(TOPIC_ARN);
  });

  it("alerts on a grant to an outside account with who made it, and resolves when RevokeGrant removes it", async () => {
    harness = await start();
    const created = await harness.kms(sample("kms/create-grant-external.json"));
    const finding = created.findings.find((f) => f.ruleId === "kms-grant-principals");
    expect(finding?.annotation).toMatch(
      /^alias\/lambda-env \(4f5c5e96-.*\): created by this call: grant 3b5d7f9a1c3e… lets arn:aws:iam::777788889999:role\/ContractorDeploy of external account 777788889999 call Decrypt, GenerateDataKey, CreateGrant, and grant that access on/,
    );
    expect(finding?.eventEvidence).toEqual({
      createdGrant: {
        grantId: "3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d",
        grantee: "arn:aws:iam::777788889999:role/ContractorDeploy",
        retiring: "arn:aws:iam::777788889999:role/ContractorDeploy",
        operations: ["Decrypt", "GenerateDataKey", "CreateGrant"],
        constraints: "none",
      },
    });
    const [alert] = published();
    expect(alert?.subject).toMatch(/^\[keysentry CRITICAL\] kms-grant-principals on alias\/lambda-env/);
    expect(alert?.body.cause).toMatchObject({
      name: "CreateGrant",
      actor: "role Admin assumed by bob@example.com",
    });
    // The grant is revoked; the RevokeGrant record's fresh read resolves the alert.
    const key = "4f5c5e96-7081-4293-f4df-5acf3a4b5c23";
    harness.aws.kms.RevokeGrant({
      KeyId: key,
      GrantId: "3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d",
    });
    const revoke = sample("kms/revoke-grant.json");
    const detail = revoke.detail as { resources: { ARN: string }[]; requestParameters: { keyId: string } };
    detail.resources[0]!.ARN = `arn:aws:kms:eu-west-1:111122223333:key/${key}`;
    detail.requestParameters.keyId = key;
    const revoked = await harness.kms(revoke);
    expect(revoked.findings.find((f) => f.ruleId === "kms-grant-principals")?.status).toBe("COMPLIANT");
    expect(actions(revoked)).toEqual(["alert:sns:sent"]);
    expect(published()[1]?.attributes).toMatchObject({ status: { StringValue: "RESOLVED" } });
  });

  it("revokes a grant to an outside account in remediate mode, verified by listing the grants again", async () => {
    harness = await start({ ...HARNESS_SETTINGS, rules: { "kms-grant-principals": { mode: "remediate" } } });
    const result = await harness.kms(sample("kms/create-grant-external.json"));
    expect(result.actions.find((a) => a.action === "remediation")).toMatchObject({
      target: "revoke-external-grants",
      status: "verified",
    });
    expect(harness.aws.calls.filter((c) => c.operation === "RevokeGrant")).toHaveLength(1);
  });

  it("TagResource: an exemption added takes effect at once, and UntagResource brings the alert back", async () => {
    harness = await start();
    const legacy = "4fb25e96-7081-4293-cedf-5a6b7c8d9e05";
    expect(actions(await harness.kms(sample("kms/untag-resource.json")))).toEqual(["alert:sns:sent"]);
    harness.aws.kms.TagResource({
      KeyId: legacy,
      Tags: [{ TagKey: "keysentry:exempt", TagValue: "kms-key-enabled" }],
    });
    const exempted = await harness.kms(sample("kms/tag-resource.json"));
    expect(actions(exempted)).toEqual(["alert:sns:sent", "exemption:keysentry:exempt:skipped"]);
    expect(published().at(-1)?.body).toMatchObject({
      transition: "resolved",
      cause: { name: "TagResource", actor: "role Admin assumed by bob@example.com" },
    });
    harness.aws.kms.UntagResource({ KeyId: legacy, TagKeys: ["keysentry:exempt"] });
    const back = await harness.kms(sample("kms/untag-resource.json"));
    expect(trouble(back)).toEqual(["kms-key-enabled NON_COMPLIANT MEDIUM"]);
    expect(published().at(-1)?.body).toMatchObject({ transition: "new", cause: { name: "UntagResource" } });
  });

  it.each([
    // Still Unavailable: a connection completes after the call returns (KMS API reference, ConnectCustomKeyStore).
    ["kms/connect-custom-key-store.json", "1c2f2b63-4d5e-4f60-c1ac-279c0d1e2f18", "NON_COMPLIANT"],
    ["kms/disconnect-custom-key-store.json", "0b1e1a52-3c4d-4e5f-b09b-168b9c0d1e17", "COMPLIANT"],
    ["kms/update-custom-key-store.json", "0b1e1a52-3c4d-4e5f-b09b-168b9c0d1e17", "COMPLIANT"],
  ])("%s: every key of the store, and no other, is read fresh and judged", async (file, key, enabled) => {
    harness = await start();
    const result = await harness.kms(sample(file));
    const judged = new Set(result.findings.map((f) => f.resourceArn));
    expect([...judged]).toEqual([`arn:aws:kms:eu-west-1:111122223333:key/${key}`]);
    expect(result.findings.find((f) => f.ruleId === "kms-key-enabled")?.status).toBe(enabled);
    expect(result.ignored).toEqual([]);
    // Each key is described once: the answer that found the store's key starts its snapshot.
    const described = harness.aws.calls
      .filter((c) => c.operation === "DescribeKey")
      .map((c) => String(c.input.KeyId).split("/").pop());
    expect(described.length).toBeGreaterThan(1);
    expect(new Set(described).size).toBe(described.length);
  });

  it("a store whose keys the account has none of is ignored with a reason", async () => {
    harness = await start();
    const event = sample("kms/update-custom-key-store.json");
    const detail = event.detail as Record<string, unknown>;
    const empty = {
      ...event,
      detail: { ...detail, requestParameters: { customKeyStoreId: "cks-00000000000000000" } },
    };
    const result = await harness.kms(empty);
    expect(result.findings).toEqual([]);
    expect(result.ignored).toEqual([
      {
        reason: "UpdateCustomKeyStore: custom key store cks-00000000000000000 holds no key keysentry judges",
      },
    ]);
  });

  it("reports a deleted key as not applicable, without alerts", async () => {
    harness = await start();
    const result = await harness.kms(sample("kms/kms-cmk-deletion.json"));
    expect(result.findings.length).toBeGreaterThan(0);
    expect(
      result.findings.every(
        (f) => f.status === "NOT_APPLICABLE" && f.annotation.endsWith("no longer exists"),
      ),
    ).toBe(true);
    expect(result.actions).toEqual([]);
  });
});
