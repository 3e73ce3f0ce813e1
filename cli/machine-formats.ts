import type { Finding } from "../shared/model";
import { asffRecords, ocsfComplianceFinding } from "../shared/outputs";
import { VERSION } from "./version";

/** Formats for other tools: Security Hub's ASFF and OCSF Compliance Findings (shared/outputs). */
export const MACHINE_FORMATS = ["asff", "ocsf"] as const;
export type MachineFormat = (typeof MACHINE_FORMATS)[number];

export function isMachineFormat(format: string): format is MachineFormat {
  return (MACHINE_FORMATS as readonly string[]).includes(format);
}

/**
 * A JSON array: `asff` holds the records the Security Hub channel would import for these findings
 * when it knows nothing of earlier imports (split into calls of 100 to import them by hand);
 * `ocsf` one Compliance Finding per finding, naming this release of keysentry as its product.
 */
export function formatMachine(findings: readonly Finding[], format: MachineFormat, now: Date): string {
  const objects =
    format === "asff"
      ? findings.flatMap((f) => asffRecords(f, now))
      : findings.map((f) => ocsfComplianceFinding(f, now, VERSION));
  return JSON.stringify(objects, null, 2);
}
