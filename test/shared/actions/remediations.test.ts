import { describe, expect, it } from "vitest";
import { REMEDIATIONS, remediationFor } from "../../../shared/actions/remediations";
import { remediateAndVerify } from "../../../shared/actions/verify";
import type { KeyReader } from "../../../shared/inventory";
import type { KeyState } from "../../../shared/model";
import { exampleKey, RULES } from "../../../shared/rules";
import { parseSettings, selectRules } from "../../../shared/settings";

describe("the remediation registry", () => {
  it("pairs every remediation with the rule that declares it, both ways", () => {
    for (const remediation of REMEDIATIONS)
      expect(RULES.find((r) => r.id === remediation.ruleId)?.remediation).toBe(remediation.id);
    for (const rule of RULES.filter((r) => r.remediation))
      expect(remediationFor(rule.id)?.id).toBe(rule.remediation);
  });

  it.each<[KeyState, RegExp | undefined]>([
    ["Disabled", undefined],
    ["Unavailable", /ConnectCustomKeyStore/],
    ["PendingReplicaDeletion", /waits for its replicas/],
    ["PendingImport", /ImportKeyMaterial/],
  ])("enable-key on a %s key: %s", (keyState, reason) => {
    const blocked = remediationFor("kms-key-enabled")!.cannotApply(exampleKey({ key: { keyState } }), {});
    if (reason) expect(blocked).toMatch(reason);
    else expect(blocked).toBeUndefined();
  });
});

describe("remediateAndVerify", () => {
  const selection = selectRules(parseSettings({}), ["kms-key-enabled"])[0]!;
  const disabled = exampleKey({ key: { keyState: "Disabled" } });
  const tools = (stateAfter: KeyState, written: string[]) => ({
    reader: {
      describeKey: async () => ({ ...disabled.key, keyState: stateAfter }),
      aliasesOf: async () => [],
    } as unknown as KeyReader,
    actuator: {
      enableKey: async (arn: string) => void written.push(arn),
      enableKeyRotation: async () => {},
      cancelKeyDeletion: async () => {},
      revokeGrant: async () => {},
    },
    priorState: { stateBeforeDeletion: async () => undefined },
  });
  const context = { rotationPeriodDays: 365, now: new Date("2026-11-01T00:00:00Z") };

  it("is verified only when a fresh read passes the rule", async () => {
    const written: string[] = [];
    const outcome = await remediateAndVerify(disabled, selection, tools("Enabled", written), context);
    expect(outcome).toEqual({
      status: "verified",
      detail: "called EnableKey; a fresh read passes kms-key-enabled",
    });
    expect(written).toEqual([disabled.key.arn]);
  });

  it("is not verified, with what the read showed, when the rule still fails", async () => {
    const outcome = await remediateAndVerify(disabled, selection, tools("Disabled", []), context);
    expect(outcome.status).toBe("not-verified");
    expect(outcome.detail).toMatch(/a fresh read is NON_COMPLIANT for kms-key-enabled: .*key is disabled/);
  });
});
