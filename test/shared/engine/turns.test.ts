import { describe, expect, it } from "vitest";
import { judging, sweepRun } from "../../../shared/engine";

const weekly = { judgedEveryDays: 7 };
const arns = Array.from({ length: 700 }, (_, i) => `arn:aws:kms:eu-west-1:111122223333:key/${i}-${i * 7919}`);
const DAY = new Date("2026-11-23T03:00:00Z");

describe("rules that take turns", () => {
  it("a daily sweep judges every resource once a week, about a seventh each day", () => {
    const first = sweepRun(DAY, 24);
    const days = arns.map((arn) =>
      [0, 1, 2, 3, 4, 5, 6].filter(
        (d) => judging(weekly, arn, { kind: "sweep", run: first + d, everyHours: 24 }) === "judge",
      ),
    );
    expect(days.every((d) => d.length === 1)).toBe(true);
    for (let d = 0; d < 7; d++) {
      const share = days.filter(([day]) => day === d).length / arns.length;
      expect(share).toBeGreaterThan(0.08);
      expect(share).toBeLessThan(0.22);
    }
  });

  it("a sweep every 5 hours spreads the week over 33 runs; a weekly one judges everything", () => {
    const run = sweepRun(DAY, 5);
    const judged = (r: number) =>
      arns.filter((arn) => judging(weekly, arn, { kind: "sweep", run: r, everyHours: 5 }) === "judge");
    expect(new Set(Array.from({ length: 33 }, (_, i) => judged(run + i)).flat()).size).toBe(arns.length);
    expect(judged(run).length).toBeLessThan(arns.length / 10);
    for (const arn of arns.slice(0, 20))
      expect(judging(weekly, arn, { kind: "sweep", run, everyHours: 168 })).toBe("judge");
  });

  it("an event judges them only if read; other paths, and other rules, always", () => {
    expect(judging(weekly, arns[0] ?? "", { kind: "event", name: "EnableKey" })).toBe("if-read");
    expect(judging(weekly, arns[0] ?? "", undefined)).toBe("judge");
    expect(judging({}, arns[0] ?? "", { kind: "sweep", run: 1, everyHours: 24 })).toBe("judge");
  });

  it("a run is the sweep's start divided by its interval", () => {
    expect(sweepRun(new Date("1970-01-08T00:00:00Z"), 24)).toBe(7);
    expect(sweepRun(new Date("1970-01-07T23:59:59Z"), 24)).toBe(6);
  });

  it("an event judges a rule with its own read only when the event is one that changes it", () => {
    const grants = { readsOnEvents: ["CreateGrant", "RevokeGrant"] };
    expect(judging(grants, arns[0] ?? "", { kind: "event", name: "CreateGrant" })).toBe("judge");
    expect(judging(grants, arns[0] ?? "", { kind: "event", name: "PutKeyPolicy" })).toBe("if-read");
    expect(judging(grants, arns[0] ?? "", { kind: "sweep", run: 3, everyHours: 24 })).toBe("judge");
    expect(judging(grants, arns[0] ?? "", undefined)).toBe("judge");
  });
});
