/**
 * What AWS checks when the stacks are created, checked on the synthesized templates before they
 * get there: a brand-new account (a Lambda concurrency quota of 10, no AWS Config recorder), an
 * account the stack is deployed to again after a delete, and every optional parameter left blank.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { eventSourceOf } from "../../shared/events";
import type { Template } from "./support/cloudformation";
import { synthesize } from "./support/synthesized";

const MEMBER_STACKS = ["KeysentryMember", "KeysentryStackSetMember"] as const;

/** The example settings with a deployment section, as a settings file. */
function settingsWith(deployment: Record<string, boolean>): string {
  const document = JSON.parse(readFileSync("examples/settings.json", "utf8")) as object;
  const path = join(mkdtempSync(join(tmpdir(), "keysentry-settings-")), "settings.json");
  writeFileSync(path, JSON.stringify({ ...document, deployment }));
  return path;
}

let byDefault: (stack: string) => Template;
let reserving: (stack: string) => Template;

beforeAll(() => {
  byDefault = synthesize({ regions: "us-east-1,eu-west-1" });
  reserving = synthesize({ settings: settingsWith({ reservedConcurrency: true }) });
}, 120_000);

/** ReservedConcurrentExecutions by function name. */
function reservations(template: Template): Record<string, number | undefined> {
  return Object.fromEntries(
    Object.values(template.Resources)
      .filter((r) => r.Type === "AWS::Lambda::Function")
      .map((r) => [
        String(r.Properties?.FunctionName),
        r.Properties?.ReservedConcurrentExecutions as number | undefined,
      ]),
  );
}

describe.each(MEMBER_STACKS)("%s: Lambda concurrency", (stack) => {
  it("reserves nothing by default: an account with a quota of 10 can hold no reservation", () => {
    // "You can reserve concurrency for as many functions as you like, as long as you leave at least
    // 100 simultaneous executions unreserved" (Lambda API Reference, PutFunctionConcurrency).
    const reserved = Object.values(reservations(byDefault(stack))).reduce<number>(
      (sum, n) => sum + (n ?? 0),
      0,
    );
    expect(reserved).toBe(0);
  });

  it("reserves each function's figure when settings turn reservations on", () => {
    expect(reservations(reserving(stack))).toEqual({
      "keysentry-kms-events": eventSourceOf("kms-events").reservedConcurrency,
      "keysentry-acm-events": eventSourceOf("acm-events").reservedConcurrency,
      "keysentry-config-rule": 10,
      "keysentry-sweep": 1,
    });
  });
});
