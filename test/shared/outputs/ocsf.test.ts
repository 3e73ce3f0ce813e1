import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { OCSF_VERSION, ocsfComplianceFinding } from "../../../shared/outputs";
import { findingVariety } from "../../support/finding-variety";

const NOW = new Date("2026-06-01T12:00:00.000Z");
const schema = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../support/ocsf/compliance-finding-1.1.0.schema.json"), "utf8"),
);
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

function problems(object: unknown): string[] {
  return validate(object) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe("OCSF Compliance Findings", () => {
  it("validate against the class 2003 schema of the pinned version, for every shape of finding", async () => {
    expect(OCSF_VERSION).toBe("1.1.0");
    const objects = (await findingVariety()).map((f, i) =>
      ocsfComplianceFinding(f, NOW, i % 2 ? "1.4.0" : undefined),
    );
    expect(
      objects.flatMap((o) => problems(o).map((p) => `${(o.finding_info as { uid: string }).uid}: ${p}`)),
    ).toEqual([]);
  });

  it("would catch an object the schema refuses", async () => {
    const [object] = (await findingVariety()).map((f) => ocsfComplianceFinding(f, NOW));
    expect(problems({ ...object, severity_id: 7 })).toContain(
      "/severity_id must be equal to one of the allowed values",
    );
    expect(problems({ ...object, resources: [] })).toContain(" must NOT have additional properties");
    const { finding_info: _, ...missing } = object!;
    expect(problems(missing)).toContain(" must have required property 'finding_info'");
  });

  it("carries status, compliance, cloud account, severity and time", async () => {
    const variety = await findingVariety();
    const [failing] = variety;
    const object = ocsfComplianceFinding(failing!, NOW) as Record<string, unknown>;
    expect(object).toMatchObject({
      class_uid: 2003,
      type_uid: 200301,
      time: NOW.getTime(),
      status_id: 1,
      compliance: { status_id: 3, status: "Fail" },
      cloud: { provider: "AWS", account: { uid: failing!.account } },
      metadata: { version: "1.1.0", product: { name: "keysentry" } },
      resource: { uid: failing!.resourceArn },
    });
    const exempt = variety.find((f) => f.exemption?.state === "exempt")!;
    expect(ocsfComplianceFinding(exempt, NOW)).toMatchObject({ status_id: 3, status: "Suppressed" });
    const passing = ocsfComplianceFinding({ ...failing!, status: "COMPLIANT", severity: "INFO" }, NOW);
    expect(passing).toMatchObject({ status_id: 4, severity_id: 1, compliance: { status_id: 1 } });
  });
});
