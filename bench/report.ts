/**
 * The HTML report (`--format html`): its size, and how soon headless Chromium can use it, for the
 * demo's sample account and for a synthetic account of about 10,000 findings. Time to interactive
 * is DOMContentLoaded (the page's one script runs at the end of the body and draws the first page
 * of the table); sorting and filtering are timed inside the page, for every finding at once.
 */
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { runDemo } from "../cli/demo";
import { quietSdkNodeNotice } from "../cli/quiet-sdk-notice";
import { htmlReport } from "../cli/report";
import { scanAccount } from "../cli/scan";
import { startLocalAws } from "../local-aws";
import { parseSettings, selectRules } from "../shared/settings";
import { CHROMIUM_MISSING, CHROMIUM_PATH } from "../test/support/chromium";
import { SYNTHETIC_NOW, syntheticAccount } from "../test/support/synthetic-account";
import { median } from "./stats";

const RUNS = 5;

async function demoReport(): Promise<{ html: string; findings: number }> {
  const now = new Date();
  const report = htmlReport(now);
  const run = await runDemo(now, { events: false, onSnapshot: report.onSnapshot });
  const rules = run.selections.map((s) => s.rule);
  const html = report.render({ findings: run.report.findings, regions: [run.seed.region], rules });
  return { html, findings: run.report.findings.length };
}

/** A synthetic account sized for about `target` findings with every rule, scanned as `keysentry scan` does. */
async function syntheticReport(target: number): Promise<{ html: string; findings: number }> {
  const settings = parseSettings({});
  const selections = selectRules(settings);
  const perKey = selections.filter((s) => s.rule.resourceType === "AWS::KMS::Key").length;
  const perCertificate = selections.filter((s) => s.rule.resourceType === "AWS::ACM::Certificate").length;
  const certificates = Math.round(target / 4 / perCertificate);
  const keys = Math.round((target - certificates * perCertificate) / perKey);
  const seed = syntheticAccount(keys, certificates);
  const aws = await startLocalAws({ seed, clock: () => SYNTHETIC_NOW });
  try {
    const report = htmlReport(SYNTHETIC_NOW);
    const scanned = await scanAccount({
      regions: [seed.region],
      selections,
      exemptionTags: settings.exemptionTags,
      endpoint: aws.url,
      credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "bench" },
      now: SYNTHETIC_NOW,
      onSnapshot: report.onSnapshot,
    });
    const rules = selections.map((s) => s.rule);
    return {
      html: report.render({ findings: scanned.findings, regions: [seed.region], rules }),
      findings: scanned.findings.length,
    };
  } finally {
    await aws.close();
  }
}

async function measure(name: string, html: string) {
  const file = join(tmpdir(), `keysentry-report-${name}.html`);
  await writeFile(file, html);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH });
  const interactive: number[] = [];
  const sort: number[] = [];
  const filter: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector("body[data-ready=true]");
      // Page code as text: the project's type check has no DOM library.
      interactive.push(
        await page.evaluate<number>(`performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd`),
      );
      // Each handler renders synchronously: the time around the click is the user's wait.
      sort.push(
        await page.evaluate<number>(`(() => {
          const started = performance.now();
          document.querySelector("#findings th[data-sort=resource]").click();
          return performance.now() - started;
        })()`),
      );
      filter.push(
        await page.evaluate<number>(`(() => {
          const input = document.querySelector("#filter-resource");
          const started = performance.now();
          input.value = "alias/";
          input.dispatchEvent(new Event("input"));
          return performance.now() - started;
        })()`),
      );
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return {
    interactiveMs: Math.round(median(interactive)),
    sortMs: Math.round(median(sort)),
    filterMs: Math.round(median(filter)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  quietSdkNodeNotice();
  if (CHROMIUM_MISSING) {
    console.log(`report benchmark skipped: ${CHROMIUM_MISSING}`);
    process.exit(0);
  }
  const target = Number(process.env.BENCH_REPORT_FINDINGS ?? 10_000);
  const rows = [];
  for (const [name, make] of [
    ["demo", demoReport],
    ["synthetic", () => syntheticReport(target)],
  ] as const) {
    const { html, findings } = await make();
    const bytes = Buffer.byteLength(html);
    rows.push({ report: name, findings, kb: Math.round(bytes / 1024), ...(await measure(name, html)) });
  }
  console.table(rows);
  await writeFile(new URL("./results/report.json", import.meta.url), `${JSON.stringify(rows, null, 2)}\n`);
}
