import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../cli/main";
import { type LocalAws, startLocalAws } from "../../local-aws";
import type { Finding } from "../../shared/model";
import {
  type Answer,
  awsJson,
  type BadEndpoint,
  html,
  refusedUrl,
  startBadEndpoint,
} from "../support/bad-endpoint";
import { stubCliEnvironment } from "../support/cli-environment";
import { sampleAccount } from "../support/sample-account";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

const EMPTY: Record<string, unknown> = {
  ListKeys: { Keys: [], Truncated: false },
  ListAliases: { Aliases: [], Truncated: false },
  ListCertificates: { CertificateSummaryList: [] },
};

let bad: BadEndpoint | undefined;
let aws: LocalAws | undefined;

/** An endpoint whose listings are empty, except `operation`, which answers `answer`. */
async function failing(operation: string, answer: (nth: number) => Answer): Promise<string> {
  bad = await startBadEndpoint((call, nth) =>
    call.operation === operation ? answer(nth) : awsJson(EMPTY[call.operation] ?? {}),
  );
  return bad.url;
}

const scan = (url: string, ...more: string[]) => [
  "scan",
  "--endpoint",
  url,
  "--region",
  "eu-west-1",
  "--quiet",
  ...more,
];

beforeEach(() => {
  stubCliEnvironment();
  // Two attempts show the retry without the wait of five.
  vi.stubEnv("AWS_MAX_ATTEMPTS", "2");
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await bad?.close();
  await aws?.close();
  bad = undefined;
  aws = undefined;
});

/** Exit 3, one line on stderr naming what failed and what to check, nothing on stdout, no stack. */
async function expectUnreadable(argv: string[], line: string | RegExp) {
  const { io, out, err } = capture();
  expect(await main(argv, io)).toBe(3);
  expect(out).toEqual([]);
  expect(err).toHaveLength(1);
  if (typeof line === "string") expect(err[0]).toBe(line);
  else expect(err[0]).toMatch(line);
  expect(err[0]).not.toMatch(/\n\s+at /);
}

describe("keysentry scan when AWS cannot be read", () => {
  it("exits 3 on an HTML page instead of an AWS answer", async () => {
    const url = await failing("ListKeys", () => html(200));
    await expectUnreadable(
      scan(url),
      `keysentry: the answer to ListKeys in eu-west-1 at ${url} is not the AWS protocol (HTTP 200, text/html: Unexpected token '<', "<!doctype "... is not valid JSON): check --endpoint`,
    );
  });

  it("exits 3 on a 500 with a non-JSON body, once the retries are spent", async () => {
    const url = await failing("SearchCertificates", () => ({
      status: 500,
      contentType: "text/plain",
      body: "oops",
    }));
    await expectUnreadable(
      scan(url),
      `keysentry: AWS in eu-west-1 at ${url} failed SearchCertificates with HTTP 500 (not the AWS protocol, text/plain: Unexpected token 'o', "oops" is not valid JSON) after 2 attempts: try again later, or check --endpoint`,
    );
    expect(bad!.calls.filter((c) => c.operation === "SearchCertificates")).toHaveLength(2);
  });

  it("exits 3 on truncated JSON", async () => {
    const url = await failing("ListKeys", () => ({ body: '{"Keys":[{"KeyId":"1c8f' }));
    await expectUnreadable(
      scan(url),
      /^keysentry: the answer to ListKeys in eu-west-1 at http:\/\/127\.0\.0\.1:\d+ is not the AWS protocol \(HTTP 200, application\/x-amz-json-1\.1: Unterminated string in JSON/,
    );
  });

  it("exits 3 when nothing listens at the endpoint", async () => {
    const url = await refusedUrl();
    await expectUnreadable(
      scan(url),
      `keysentry: could not reach AWS in eu-west-1 at ${url} (ECONNREFUSED): check --endpoint and your network`,
    );
  });

  it("exits 3 when ListKeys is throttled on every attempt", async () => {
    // Throttling backs off for up to a second per retry (@smithy/core retry): one attempt is enough here.
    vi.stubEnv("AWS_MAX_ATTEMPTS", "1");
    aws = await startLocalAws({
      seed: sampleAccount(new Date()),
      faults: [{ operation: "ListKeys", error: { code: "ThrottlingException", status: 400 } }],
    });
    await expectUnreadable(
      scan(aws.url),
      `keysentry: AWS kept throttling ListKeys in eu-west-1 at ${aws.url} (ThrottlingException, 1 attempt): try again later, or raise AWS_MAX_ATTEMPTS`,
    );
    expect(aws.calls.filter((c) => c.operation === "ListKeys")).toHaveLength(1);
  });

  it("exits 3 when AWS denies the listing itself", async () => {
    const url = await failing("ListAliases", () => ({
      status: 400,
      ...awsJson(
        { __type: "AccessDeniedException", message: "not authorized to perform: kms:ListAliases" },
        400,
      ),
    }));
    await expectUnreadable(
      scan(url),
      `keysentry: AWS denied ListAliases in eu-west-1 at ${url} (AccessDeniedException): grant the read-only policy \`keysentry permissions\` prints`,
    );
  });

  it("exits 3 when a listing hands back a marker it already gave, instead of listing forever", async () => {
    const url = await failing("ListKeys", () => awsJson({ Keys: [], Truncated: true, NextMarker: "again" }));
    await expectUnreadable(
      scan(url),
      `keysentry: ListKeys in eu-west-1 at ${url} handed back a page marker it had already given, so the listing would never end: check --endpoint`,
    );
    expect(bad!.calls.filter((c) => c.operation === "ListKeys")).toHaveLength(2);
  }, 3_000);

  it("exits 3 when any region's listing fails, naming the region", async () => {
    // Regions are scanned one after another: the second ListKeys is the second region's.
    const url = await failing("ListKeys", (nth) => (nth === 0 ? awsJson(EMPTY.ListKeys) : html(200)));
    await expectUnreadable(
      [...scan(url), "--region", "us-east-1"],
      /^keysentry: the answer to ListKeys in us-east-1 at /,
    );
  });

  it("exits 3 when no credentials can be loaded for the profile", async () => {
    const none = join(await mkdtemp(join(tmpdir(), "keysentry-")), "absent");
    vi.stubEnv("AWS_CONFIG_FILE", none);
    vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", none);
    vi.stubEnv("AWS_ACCESS_KEY_ID", "");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "");
    const url = await failing("ListKeys", () => awsJson(EMPTY.ListKeys));
    await expectUnreadable(
      [...scan(url), "--profile", "keysentry-test-absent"],
      /^keysentry: no AWS credentials could be loaded \(.*\): check --profile, AWS_PROFILE and your AWS credentials$/,
    );
    expect(bad!.calls).toEqual([]);
  });

  it("shows the stack, and the SDK error under it, with --debug", async () => {
    const url = await refusedUrl();
    const { io, err } = capture();
    expect(await main([...scan(url), "--debug"], io)).toBe(3);
    expect(err[0]).toMatch(/^keysentry: could not reach AWS .* \(ECONNREFUSED\)/);
    expect(err[1]).toMatch(/^AwsUnreadableError: could not reach AWS/);
    expect(err[1]).toMatch(/\n\s+at /);
    expect(err[1]).toMatch(/Caused by: Error: connect ECONNREFUSED/);
  });

  it("keeps a resource that cannot be read as an ERROR finding, and completes the scan", async () => {
    const now = new Date();
    const seed = sampleAccount(now);
    const key = seed.keys[0]!.KeyId;
    aws = await startLocalAws({
      seed,
      faults: [{ operation: "DescribeKey", resource: key, error: { code: "AccessDeniedException" } }],
    });
    const { io, out } = capture();
    expect(await main([...scan(aws.url), "--rules", "kms-key-enabled", "--format", "json"], io)).toBe(0);
    const findings = JSON.parse(out.join("\n")) as Finding[];
    expect(findings).toHaveLength(seed.keys.length);
    expect(findings.find((f) => f.resourceId === key)).toMatchObject({
      status: "ERROR",
      evidence: { failure: { code: "AccessDeniedException" } },
    });
  });
});

describe("keysentry replay when AWS cannot be read", () => {
  it("exits 3 when nothing listens at the endpoint", async () => {
    const url = await refusedUrl();
    const argv = [
      "replay",
      "events/kms/schedule-key-deletion.json",
      "--endpoint",
      url,
      "--region",
      "eu-west-1",
    ];
    await expectUnreadable(
      argv,
      `keysentry: could not reach AWS in eu-west-1 at ${url} (ECONNREFUSED): check --endpoint and your network`,
    );
  });

  it("exits 3 when AWS refuses the credentials", async () => {
    aws = await startLocalAws({
      seed: sampleAccount(new Date()),
      faults: [
        {
          operation: "*",
          error: { code: "UnrecognizedClientException", message: "The security token is invalid." },
        },
      ],
    });
    await expectUnreadable(
      ["replay", "events/kms/schedule-key-deletion.json", "--endpoint", aws.url],
      "keysentry: AWS refused the credentials (UnrecognizedClientException: The security token is invalid.): check --profile and your AWS credentials",
    );
  });

  it("exits 3 on an HTML page instead of an AWS answer", async () => {
    bad = await startBadEndpoint(() => html(200));
    await expectUnreadable(
      ["replay", "events/kms/schedule-key-deletion.json", "--endpoint", bad.url],
      /^keysentry: the answer to (DescribeKey|ListAliases) at http:\/\/127\.0\.0\.1:\d+ is not the AWS protocol \(HTTP 200, text\/html/,
    );
  });
});
