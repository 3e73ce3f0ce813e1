import type { ResourceTally } from "../engine";
import type { Digest } from "./digest";

/** The digest in a few lines a person reads first. */
export function digestLines(digest: Digest): string[] {
  const total = (t: ResourceTally) =>
    `${t.listed} listed, ${t.evaluated} evaluated, ${t.unreadable} unreadable, ${t.gone} gone`;
  const counts = Object.entries(digest.nonCompliant)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([rule, bySeverity]) =>
        `${rule}: ${Object.entries(bySeverity)
          .map(([s, n]) => `${n} ${s}`)
          .join(", ")}`,
    );
  return [
    `keysentry sweep of ${digest.account} ${digest.region}${digest.complete ? "" : " (continues in a follow-up run)"}`,
    `Keys: ${total(digest.keys)}. Certificates: ${total(digest.certificates)}.${
      digest.authorities.listed > 0 ? ` Private CAs: ${total(digest.authorities)}.` : ""
    }`,
    counts.length > 0 ? `Non-compliant: ${counts.join("; ")}` : "Nothing non-compliant.",
    ...digest.inTurn.map(
      (t) => `${t.ruleId} judged ${t.judged} resources this run (each once every ${t.everyDays} days).`,
    ),
    `Changes since the last report: ${digest.changes.length}${
      digest.changes.length
        ? ` (${digest.changes
            .slice(0, 10)
            .map((c) => `${c.transition} ${c.ruleId} ${c.resourceArn.split("/").pop()}`)
            .join("; ")}${digest.changes.length > 10 ? "; ..." : ""})`
        : ""
    }`,
    `Exempt: ${digest.exempt}. Lapsed exemptions: ${digest.lapsedExemptions.length}. Unreadable: ${digest.unreadable.length}${digest.unreadable.length ? ` (${[...new Set(digest.unreadable.map((u) => u.code))].join(", ")})` : ""}.`,
    ...(digest.exemptionTagsReadEach
      ? [
          `Exemption tags were read resource by resource: GetResources failed (${digest.exemptionTagsReadEach}); the sweep role's tag:GetResources reads them in one call.`,
        ]
      : []),
  ];
}
