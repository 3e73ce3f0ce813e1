import {
  GetComplianceDetailsByConfigRuleCommand,
  PutEvaluationsCommand,
} from "@aws-sdk/client-config-service";
import { describe, expect, it } from "vitest";
import { ConfigRuleParameterError } from "../../shared/config-rules";
import { config, evaluationsPut, type Harness, NOW, sample, useHarness } from "../support/event-harness";
import { sampleAccount } from "../support/sample-account";

const start = useHarness();
let harness: Harness;

const evaluationsOf = () => evaluationsPut().flatMap((input) => input.Evaluations ?? []);

describe("config-rule handler, every sample", () => {
  it("change notification: evaluates the key fresh and reports it with the capture time", async () => {
    harness = await start();
    const result = await harness.configRule(sample("config/kms-change.json"));
    expect(result.findings.map((f) => [f.ruleId, f.status])).toEqual([
      ["kms-rotation-enabled", "NON_COMPLIANT"],
    ]);
    expect(evaluationsOf()).toEqual([
      {
        ComplianceResourceType: "AWS::KMS::Key",
        ComplianceResourceId: "1c8f2b63-4d5e-4f60-9bac-2d3e4f5a6b02",
        ComplianceType: "NON_COMPLIANT",
        Annotation: "alias/orders (1c8f2b63-4d5e-4f60-9bac-2d3e4f5a6b02): automatic rotation is off",
        OrderingTimestamp: new Date("2026-11-01T09:20:11.123Z"),
      },
    ]);
    expect(evaluationsPut()[0]).toMatchObject({
      ResultToken: "eyJlbmNyeXB0ZWREYXRhIjpbLTEyMywtNDVdfQ==",
      TestMode: false,
    });
  });

  it("change notification for a certificate, with Config's string parameters decoded", async () => {
    harness = await start();
    const result = await harness.configRule(sample("config/acm-change.json"));
    expect(result.findings.map((f) => [f.ruleId, f.status, f.severity])).toEqual([
      ["acm-certificate-expiry", "NON_COMPLIANT", "MEDIUM"],
    ]);
    expect(evaluationsOf()[0]?.ComplianceResourceId).toBe(
      "arn:aws:acm:eu-west-1:111122223333:certificate/4a3cad2f-6b8e-4f90-ac1d-2e3f4a5b6c02",
    );
  });

  it.each([
    ["config/kms-oversized.json", "kms-policy-no-public-access", "NON_COMPLIANT"],
    // www.example.com was issued after ACM withdrew the CT opt-out: decided from the summary alone.
    ["config/acm-oversized.json", "acm-certificate-transparency-logging", "NOT_APPLICABLE"],
  ])("oversized notification %s: reads the resource from the summary", async (file, ruleId, status) => {
    harness = await start();
    const result = await harness.configRule(sample(file));
    expect(result.findings.map((f) => [f.ruleId, f.status])).toEqual([[ruleId, status]]);
    expect(evaluationsOf()).toHaveLength(1);
  });

  it.each([
    ["config/kms-deleted.json", "deleted, as AWS Config recorded"],
    ["config/acm-deleted.json", "deleted, as AWS Config recorded"],
    ["config/kms-left-scope.json", "no longer in the scope of this Config rule"],
    ["config/acm-left-scope.json", "no longer in the scope of this Config rule"],
  ])("%s is NOT_APPLICABLE without reading anything", async (file, reason) => {
    harness = await start();
    const result = await harness.configRule(sample(file));
    expect(evaluationsOf().map((e) => e.ComplianceType)).toEqual(["NOT_APPLICABLE"]);
    expect(result.findings[0]?.annotation).toContain(reason);
    expect(harness.aws.calls).toEqual([]);
  });

  it("scheduled notification: every key, and NOT_APPLICABLE for keys Config still lists that are gone", async () => {
    harness = await start();
    config.on(GetComplianceDetailsByConfigRuleCommand).resolves({
      EvaluationResults: [
        {
          EvaluationResultIdentifier: {
            EvaluationResultQualifier: {
              ResourceType: "AWS::KMS::Key",
              ResourceId: "0b7e1a52-3c4d-4e5f-8a9b-1c2d3e4f5a01",
            },
          },
        },
        {
          EvaluationResultIdentifier: {
            EvaluationResultQualifier: {
              ResourceType: "AWS::KMS::Key",
              ResourceId: "deadbeef-0000-4000-8000-000000000000",
            },
          },
        },
      ],
    });
    const result = await harness.configRule(sample("config/kms-scheduled.json"));
    const keys = sampleAccount(NOW).keys.length;
    expect(evaluationsOf()).toHaveLength(keys + 1);
    expect(
      evaluationsOf().find((e) => e.ComplianceResourceId === "deadbeef-0000-4000-8000-000000000000")
        ?.ComplianceType,
    ).toBe("NOT_APPLICABLE");
    expect(
      evaluationsOf().every((e) => e.OrderingTimestamp?.toISOString() === "2026-11-01T10:00:00.000Z"),
    ).toBe(true);
    expect(
      result.findings
        .filter((f) => f.status === "NON_COMPLIANT")
        .map((f) => f.resourceId)
        .sort(),
    ).toEqual([
      "2d903c74-5e6f-4071-acbd-3e4f5a6b7c03",
      "3ea14d85-6f70-4182-bdce-4f5a6b7c8d04",
      // Imported material never rotated in 500 days.
      "e07f9cbe-d15d-4e8f-8c2e-6e8a0c2e4a37",
    ]);
  });

  it("scheduled notification for certificates", async () => {
    harness = await start();
    await harness.configRule(sample("config/acm-scheduled.json"));
    expect(evaluationsOf()).toHaveLength(sampleAccount(NOW).certificates.length);
    expect(
      evaluationsOf()
        .filter((e) => e.ComplianceType === "NON_COMPLIANT")
        .map((e) => e.ComplianceResourceId?.split("/").pop()),
    ).toEqual([
      "a0920385-c1e4-4f56-0273-8e9f0a1b2c08",
      "17a97afc-385b-46cd-79ea-f56a7b8c9d15",
      // The 110-day imported certificate, 15 days from its end: inside the sample's leadTimeDays of 60.
      "100a0006-0c1d-4e2f-8a3b-4c5d6e7f8a06",
    ]);
  });

  it.each([
    ["config/kms-bad-parameters.json", "maxPeriodDays"],
    ["config/acm-bad-parameters.json", ""],
  ])("%s fails loudly, naming the parameter, and reports nothing", async (file, parameter) => {
    harness = await start();
    const error = await harness.configRule(sample(file)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigRuleParameterError);
    expect((error as ConfigRuleParameterError).parameter).toBe(parameter);
    expect((error as Error).message).toMatch(/^Config rule keysentry-/);
    expect(evaluationsPut()).toEqual([]);
  });
});

describe("PutEvaluations", () => {
  it("sends 250 evaluations in three calls of at most 100", async () => {
    harness = await start();
    const { ConfigEvaluationReporter } = await import("../../shared/aws");
    const { ConfigServiceClient } = await import("@aws-sdk/client-config-service");
    const evaluations = Array.from({ length: 250 }, (_, i) => ({
      ComplianceResourceType: "AWS::KMS::Key",
      ComplianceResourceId: `key-${i}`,
      ComplianceType: "COMPLIANT" as const,
      OrderingTimestamp: NOW,
    }));
    const { calls } = await new ConfigEvaluationReporter(
      new ConfigServiceClient({ region: "eu-west-1" }),
    ).report(evaluations, "token", true);
    expect(calls).toBe(3);
    expect(evaluationsPut().map((input) => input.Evaluations?.length)).toEqual([100, 100, 50]);
    expect(evaluationsPut().every((input) => input.TestMode === true)).toBe(true);
  });

  it("resends what Config hands back in FailedEvaluations", async () => {
    harness = await start();
    const failed = {
      ComplianceResourceType: "AWS::KMS::Key",
      ComplianceResourceId: "1c8f2b63-4d5e-4f60-9bac-2d3e4f5a6b02",
      ComplianceType: "NON_COMPLIANT" as const,
      OrderingTimestamp: NOW,
    };
    config
      .on(PutEvaluationsCommand)
      .resolvesOnce({ FailedEvaluations: [failed] })
      .resolves({ FailedEvaluations: [] });
    const result = await harness.configRule(sample("config/kms-change.json"));
    expect(result.reported).toEqual({ evaluations: 1, calls: 2 });
    expect(evaluationsPut()[1]?.Evaluations).toEqual([failed]);
  });
});
