/** The README's excerpt of `npm start`: the demo's own output, run in-process on a fixed day. */
import { demoCommand } from "../cli/commands/demo";
import { generatedSection, withSection } from "./markdown";

export const DEMO_EXCERPT = generatedSection("demo output", "`keysentry demo` (cli/commands/demo.ts)");

/** The sample account is shifted to this day, so the dates in the excerpt stay put. */
const DAY = new Date("2026-12-08T12:00:00Z");
/** Wide enough for the reasons to say something, narrow enough to read on GitHub. */
const COLUMNS = 170;
/** Table rows shown before the summary: the most severe findings come first. */
const ROWS = 4;
/** Sample events shown: a key policy, a deletion, and the loop guard. */
const EVENTS = [
  "kms/put-key-policy-public.json",
  "kms/schedule-key-deletion.json",
  "kms/own-remediation.json",
];

/** The demo's table output, as the user sees it. */
export async function demoOutput(): Promise<string[]> {
  const out: string[] = [];
  await demoCommand([], { out: (text) => out.push(text), err: () => {}, columns: COLUMNS }, DAY);
  return out.join("\n").split("\n");
}

/** The table's header, its first rows and the summary; then the lines of a few sample events. */
export async function demoExcerptMarkdown(): Promise<string> {
  const lines = await demoOutput();
  const header = lines.findIndex((line) => line.startsWith("RESOURCE "));
  const summary = lines.find((line) => /^\d+ keys, /.test(line));
  if (header < 0 || !summary) throw new Error("the demo's output has no findings table or no summary line");
  const events = EVENTS.map((file) => {
    const start = lines.findIndex((line) => line.startsWith(`${file} `));
    if (start < 0) throw new Error(`the demo shows no line for ${file}`);
    const continued = lines.slice(start + 1).findIndex((line) => !line.startsWith(" "));
    return lines.slice(start, start + 1 + continued).map((line) => line.trimEnd());
  });
  return [
    "```text",
    ...lines.slice(header, header + 1 + ROWS).map((line) => line.trimEnd()),
    "…",
    summary,
    "```",
    "",
    "```text",
    ...events.flat(),
    "```",
  ].join("\n");
}

/** README.md with its demo excerpt regenerated. */
export async function withDemoExcerpt(readme: string): Promise<string> {
  return withSection(readme, DEMO_EXCERPT, await demoExcerptMarkdown(), "README.md");
}
