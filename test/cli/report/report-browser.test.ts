import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../../cli/main";
import { type Finding, isExempt, SEVERITIES } from "../../../shared/model";
import { BROWSER_OUTPUT, CHROMIUM_MISSING, CHROMIUM_PATH } from "../../support/chromium";
import { stubCliEnvironment } from "../../support/cli-environment";

async function demo(format: string): Promise<string> {
  const out: string[] = [];
  const code = await main(["demo", "--format", format], { out: (t) => out.push(t), err: () => {} });
  expect(code).toBe(0);
  return out.join("\n");
}

if (CHROMIUM_MISSING) console.warn(`report-browser.test.ts skipped: ${CHROMIUM_MISSING}`);

describe.skipIf(CHROMIUM_MISSING)("the demo's HTML report in headless Chromium", () => {
  let browser: Browser;
  let page: Page;
  let findings: Finding[];
  const requests: string[] = [];
  const errors: string[] = [];
  let url: string;

  beforeAll(async () => {
    stubCliEnvironment();
    findings = JSON.parse(await demo("json"));
    await mkdir(BROWSER_OUTPUT, { recursive: true });
    const file = join(BROWSER_OUTPUT, "demo-report.html");
    await writeFile(file, await demo("html"));
    url = pathToFileURL(file).href;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("request", (request) => requests.push(request.url()));
    page.on("pageerror", (error) => errors.push(error.message));
    // A request the page's Content-Security-Policy refuses is never made, but Chromium reports it here.
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    await page.goto(url);
    await page.waitForSelector("body[data-ready=true]");
  }, 60_000);

  // The tests share one page: each leaves it unfiltered, so none depends on the order they run in.
  afterEach(async () => {
    await page.fill("#filter-resource", "");
    for (const filter of ["severity", "rule", "status"]) await page.selectOption(`#filter-${filter}`, "");
  });

  afterAll(async () => {
    await browser?.close();
    vi.unstubAllEnvs();
  });

  const open = () => findings.filter((f) => !isExempt(f));
  const cellTexts = (column: number) =>
    page.$$eval(`#findings tbody tr td:nth-child(${column})`, (cells) =>
      cells.map((c) => c.textContent ?? ""),
    );

  it("shows the counts by severity that the scan's findings have", async () => {
    for (const severity of SEVERITIES) {
      const expected = open().filter((f) => f.status === "NON_COMPLIANT" && f.severity === severity).length;
      expect([severity, await page.textContent(`#cards [data-severity=${severity}] .count`)]).toEqual([
        severity,
        String(expected),
      ]);
    }
    expect(await page.textContent("#finding-count")).toBe(String(findings.length));
    expect(await page.textContent("#match-count")).toBe(`${open().length} of ${open().length} findings`);
    expect(await page.textContent("#accounts")).toBe("111122223333");
  });

  it("draws every certificate and CA certificate on the expiry timeline, and counts those without a date", async () => {
    const arnsOf = (type: string) =>
      new Set(findings.filter((f) => f.resourceType === type).map((f) => f.resourceArn)).size;
    const certificates = arnsOf("AWS::ACM::Certificate") + arnsOf("AWS::ACMPCA::CertificateAuthority");
    const undated = Number((await page.textContent("#undated .count")) ?? 0);
    expect(await page.locator(".timeline circle.dot").count()).toBe(certificates - undated);
    expect(undated).toBeLessThan(certificates / 2);
    const rows = await page.$$eval(".timeline .row-name", (names) => names.map((n) => n.textContent));
    expect(rows.map((r) => r?.replace(/ \(\d+\)$/, ""))).toEqual(
      arnsOf("AWS::ACMPCA::CertificateAuthority") > 0
        ? ["ACM certificates", "Private CA certificates"]
        : ["ACM certificates"],
    );
  });

  it("sorts a column", async () => {
    await page.click("#findings th[data-sort=resource]");
    const ascending = await cellTexts(1);
    expect(ascending).toHaveLength(100);
    expect(ascending).toEqual([...ascending].sort((a, b) => a.localeCompare(b)));
    expect(await page.getAttribute("#findings th[data-sort=resource]", "aria-sort")).toBe("ascending");
    await page.click("#findings th[data-sort=resource]");
    const descending = await cellTexts(1);
    expect(descending).toEqual([...descending].sort((a, b) => b.localeCompare(a)));
  });

  it("filters by rule, status and resource", async () => {
    const rule = "kms-policy-no-public-access";
    await page.selectOption("#filter-rule", rule);
    await page.selectOption("#filter-status", "NON_COMPLIANT");
    const expected = open().filter((f) => f.ruleId === rule && f.status === "NON_COMPLIANT");
    expect(expected.length).toBeGreaterThan(0);
    expect(await cellTexts(2)).toEqual(expected.map(() => rule));
    expect(await page.textContent("#match-count")).toBe(`${expected.length} of ${open().length} findings`);
    await page.fill("#filter-resource", "no such resource");
    expect(await page.locator("#findings tbody tr").count()).toBe(0);
    await page.fill("#filter-resource", "");
    await page.selectOption("#filter-rule", "");
    await page.selectOption("#filter-status", "");
    expect(await page.textContent("#match-count")).toBe(`${open().length} of ${open().length} findings`);
    await page.click("#cards [data-severity=CRITICAL]");
    expect(new Set(await cellTexts(4))).toEqual(new Set(["CRITICAL"]));
  });

  it("links each row to the resource in the AWS console", async () => {
    const links = await page.$$eval("#findings tbody a", (as) => as.map((a) => a.getAttribute("href") ?? ""));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link).toMatch(/^https:\/\/eu-west-1\.console\.aws\.amazon\.com\//);
  });

  it("makes no request but for the file itself, and raises no script error", async () => {
    await page.screenshot({ path: join(BROWSER_OUTPUT, "demo-report.png"), fullPage: true });
    expect(requests).toEqual([url]);
    expect(errors).toEqual([]);
  });
});
