import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { functionBuildOptions } from "../../infra/member/bundle";
import { NOW, sample } from "../support/event-harness";
import { runBundle, startDeploymentDouble } from "../support/lambda-process";

describe("the kms-events bundle, run as Lambda runs it", () => {
  const dir = mkdtempSync(join(tmpdir(), "keysentry-bundle-"));
  beforeAll(async () => {
    await build({ ...functionBuildOptions("kms-events", dir), logLevel: "silent" });
  }, 60_000);
  let cleanup: (() => Promise<unknown>)[] = [];
  afterAll(() => Promise.all(cleanup.map((close) => close())));

  it("reads its settings at init, evaluates an event, and alerts through the SNS chunk it loads on first use", {
    timeout: 60_000,
  }, async () => {
    const double = await startDeploymentDouble(NOW);
    cleanup = [double.close];
    const run = await runBundle({
      bundle: join(dir, "index.mjs"),
      event: sample("kms/disable-key-rotation.json"),
      functionArn: "arn:aws:lambda:eu-west-1:111122223333:function:keysentry-kms-events",
      env: double.env,
    });
    const result = run.result as { findings: { ruleId: string; status: string }[] };
    expect(result.findings.find((f) => f.ruleId === "kms-rotation-enabled")?.status).toBe("NON_COMPLIANT");
    const publishes = double.calls.filter((c) => c.service === "sns" && c.operation === "Publish");
    expect(publishes).toHaveLength(1);
    expect(String(publishes[0]?.input.Message)).toContain("kms-rotation-enabled");
    expect(double.calls.filter((c) => c.service === "ssm" && c.operation === "GetParameter")).toHaveLength(1);
    // Node.js 20 here draws the SDK's notice about Node.js 22; Lambda runs 24. Nothing else may appear.
    expect(
      run.stderr
        .replace(/\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*?--trace-warnings[^\n]*\n/, "")
        .trim(),
    ).toBe("");
  });
});
