import { describe, expect, it } from "vitest";
import { evaluateSnapshot } from "../../../shared/engine";
import { failed, type KeySnapshot, read, UNREAD } from "../../../shared/model";
import { EXAMPLE_NOW, exampleKey } from "../../../shared/rules";
import { parseSettings, selectRules } from "../../../shared/settings";

const selections = selectRules(parseSettings({}));

function unreadKey(example: Parameters<typeof exampleKey>[0] = {}): KeySnapshot {
  return { ...exampleKey(example), rotation: UNREAD, policy: UNREAD, lastRotation: UNREAD };
}

describe("evaluateSnapshot", () => {
  it("reads only what the rules need, in rounds, and evaluates every rule of the resource type", async () => {
    const requests: string[][] = [];
    const full = exampleKey({
      rotation: {
        supported: true,
        enabled: true,
        periodDays: 365,
        nextRotationDate: new Date("2026-01-01T00:00:00Z"),
      },
    });
    const { findings } = await evaluateSnapshot(
      unreadKey(),
      selections,
      async (snapshot, facets) => {
        requests.push([...facets].sort());
        const next = { ...snapshot };
        for (const facet of facets) {
          if (facet === "rotation") next.rotation = full.rotation;
          if (facet === "policy") next.policy = full.policy;
          if (facet === "lastRotation")
            next.lastRotation = read({ date: new Date("2025-01-10T00:00:00Z"), type: "AUTOMATIC" });
        }
        return next;
      },
      EXAMPLE_NOW,
    );
    // The next rotation date passed, so the history is read in a second round.
    expect(requests).toEqual([["policy", "rotation"], ["lastRotation"]]);
    expect(findings.map((f) => f.ruleId)).toEqual(
      selections.filter((s) => s.rule.resourceType === "AWS::KMS::Key").map((s) => s.rule.id),
    );
    expect(findings.find((f) => f.ruleId === "kms-rotation-period")).toMatchObject({
      status: "NON_COMPLIANT",
      severity: "HIGH",
    });
  });

  it("reports ERROR for rules whose read failed and decides the others", async () => {
    const denied = {
      code: "AccessDeniedException",
      message: "not authorized to perform kms:GetKeyPolicy",
      operation: "GetKeyPolicy",
    };
    const { findings } = await evaluateSnapshot(
      unreadKey(),
      selections,
      async (snapshot, facets) => ({
        ...snapshot,
        rotation: facets.includes("rotation") ? exampleKey().rotation : snapshot.rotation,
        policy: facets.includes("policy") ? failed(denied) : snapshot.policy,
      }),
      EXAMPLE_NOW,
    );
    const byRule = Object.fromEntries(findings.map((f) => [f.ruleId, f]));
    for (const id of [
      "kms-policy-no-public-access",
      "kms-policy-trusted-accounts",
      "kms-policy-root-access",
    ]) {
      expect(byRule[id]).toMatchObject({ status: "ERROR", evidence: { failure: denied } });
      expect(byRule[id]?.annotation).toMatch(/could not read GetKeyPolicy \(AccessDeniedException\)/);
    }
    expect(byRule["kms-rotation-enabled"]?.status).toBe("COMPLIANT");
  });

  it("makes no read when no rule needs one", async () => {
    let loads = 0;
    const { findings } = await evaluateSnapshot(
      unreadKey({ key: { keyManager: "AWS" } }),
      selections,
      async (s) => {
        loads++;
        return s;
      },
      EXAMPLE_NOW,
    );
    expect(loads).toBe(0);
    expect(findings.every((f) => f.status === "NOT_APPLICABLE")).toBe(true);
  });

  it("on an event, judges a rule that takes turns only when the other rules' reads settle it", async () => {
    const requests: string[] = [];
    const load = async (snapshot: KeySnapshot, facets: readonly string[]) => {
      requests.push(...facets);
      const full = exampleKey() as unknown as Record<string, unknown>;
      return { ...snapshot, ...Object.fromEntries(facets.map((f) => [f, full[f]])) };
    };
    const old = { ...unreadKey(), lastUsage: UNREAD };
    const enabled = await evaluateSnapshot(old, selections, load, EXAMPLE_NOW, {
      turns: { kind: "event", name: "EnableKey" },
    });
    expect(requests).not.toContain("lastUsage");
    expect(enabled.findings.map((f) => f.ruleId)).not.toContain("kms-key-unused");

    const disabled = { ...old, key: { ...old.key, keyState: "Disabled" as const } };
    const { findings } = await evaluateSnapshot(disabled, selections, load, EXAMPLE_NOW, {
      turns: { kind: "event", name: "DisableKey" },
    });
    expect(findings.find((f) => f.ruleId === "kms-key-unused")?.status).toBe("NOT_APPLICABLE");
  });
});
