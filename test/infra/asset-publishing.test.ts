import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Template, TemplateResolver } from "./support/cloudformation";

const root = new URL("../../", import.meta.url).pathname;
const REGIONS = ["us-east-1", "eu-west-1"];
const ASSETS_ACCOUNT = "111111111111";
const bucketOf = (region: string) => `keysentry-assets-${ASSETS_ACCOUNT}-${region}`;

/** The environment of a machine without AWS credentials, configuration or network metadata. */
function offlineEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const environment = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")),
  );
  return {
    ...environment,
    KEYSENTRY_SETTINGS: "examples/settings.json",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: "/nonexistent",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
    CDK_DISABLE_CLI_TELEMETRY: "true",
    ...extra,
  };
}

/** `npm run publish-assets -- ARGS`, as a user runs it. */
function publishAssets(args: string[], environment: NodeJS.ProcessEnv) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(
      join(root, "node_modules/.bin/tsx"),
      [join(root, "scripts/publish-assets.ts"), ...args],
      {
        cwd: root,
        env: environment,
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

type Row = { region: string; asset: string; bucket: string; key: string };
const planRows = (stdout: string): Row[] =>
  stdout.split("\n").flatMap((line) => {
    const match = line.match(/^(\S+)\s+(.+?)\s+s3:\/\/([^/\s]+)\/(\S+)$/);
    return match ? [{ region: match[1]!, asset: match[2]!, bucket: match[3]!, key: match[4]! }] : [];
  });

interface Manifest {
  files: Record<
    string,
    { displayName: string; source: { path: string }; destinations: Record<string, { objectKey: string }> }
  >;
}

describe("npm run publish-assets --plan", () => {
  it("plans every asset of the StackSet member template once per region, into that region's bucket, without credentials", {
    timeout: 180_000,
  }, async () => {
    const out = mkdtempSync(join(tmpdir(), "keysentry-publish-"));
    const run = await publishAssets(
      ["--regions", REGIONS.join(","), "--assets-account", ASSETS_ACCOUNT, "--plan", "--out", out],
      offlineEnvironment(),
    );
    expect(run.stderr).not.toMatch(/credential/i);
    expect(run.status).toBe(0);

    const rows = planRows(run.stdout);
    const manifest = JSON.parse(
      readFileSync(join(out, "KeysentryStackSetMember.assets.json"), "utf8"),
    ) as Manifest;
    const assets = Object.values(manifest.files);
    expect(assets.length).toBeGreaterThanOrEqual(5); // four functions and the template
    expect(rows).toHaveLength(assets.length * REGIONS.length);
    for (const region of REGIONS) {
      for (const asset of assets) {
        const [destination] = Object.values(asset.destinations);
        const planned = rows.filter((r) => r.region === region && r.key === destination?.objectKey);
        expect(planned, `${asset.displayName} in ${region}`).toEqual([
          { region, asset: asset.displayName, bucket: bucketOf(region), key: destination?.objectKey },
        ]);
      }
    }

    const template = JSON.parse(
      readFileSync(join(out, "KeysentryStackSetMember.template.json"), "utf8"),
    ) as Template;
    const functions = Object.values(template.Resources).filter((r) => r.Type === "AWS::Lambda::Function");
    expect(functions).toHaveLength(4);
    for (const region of REGIONS) {
      // Where the deployed functions read their code from: the plan must have put it there.
      const resolver = new TemplateResolver(template, { account: "222233334444", region });
      for (const fn of functions) {
        const code = resolver.value(fn.Properties?.Code) as { S3Bucket: string; S3Key: string };
        expect(rows).toContainEqual(
          expect.objectContaining({ region, bucket: code.S3Bucket, key: code.S3Key }),
        );
      }
      // ... and that bucket is the one the region's asset stack creates.
      const assetStack = JSON.parse(
        readFileSync(join(out, `KeysentryAssets-${region}.template.json`), "utf8"),
      ) as Template;
      const bucketNames = Object.values(assetStack.Resources)
        .map((r) => r.Properties?.BucketName)
        .filter(Boolean);
      expect(bucketNames).toEqual([bucketOf(region)]);
    }

    // The organization stack's MemberTemplateUrl: the synthesized template, in each region's bucket.
    const templateAsset = Object.values(manifest.files).find(
      (a) => a.source.path === "KeysentryStackSetMember.template.json",
    );
    const templateKey = Object.values(templateAsset!.destinations)[0]?.objectKey;
    for (const region of REGIONS)
      expect(run.stdout.split("\n")).toContain(
        `${region}  https://${bucketOf(region)}.s3.${region}.amazonaws.com/${templateKey}`,
      );
  });

  it("refuses a region that is not a region code", { timeout: 60_000 }, async () => {
    const run = await publishAssets(
      ["--regions", "us-east-1,../etc", "--assets-account", ASSETS_ACCOUNT, "--plan"],
      offlineEnvironment(),
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('"../etc" is not an AWS region code');
  });
});

/**
 * A loopback S3 (and the STS call the CDK CLI starts with) in which each asset bucket exists in
 * the region its name ends with. It records every object written, with the region the request
 * was signed for.
 */
async function loopbackS3() {
  const puts: { region: string; bucket: string; key: string; bytes: number }[] = [];
  const regionOfBucket = new Map(REGIONS.map((region) => [bucketOf(region), region]));
  const signedRegion = (request: IncomingMessage) =>
    /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(request.headers.authorization ?? "")?.[1] ?? "";
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      const url = new URL(request.url ?? "/", "http://localhost");
      const xml = (status: number, text: string) => {
        response.writeHead(status, { "content-type": "text/xml" });
        response.end(`<?xml version="1.0" encoding="UTF-8"?>${text}`);
      };
      if (body.toString().includes("Action=GetCallerIdentity"))
        return xml(
          200,
          `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${ASSETS_ACCOUNT}:user/publisher</Arn><UserId>AIDAPUBLISHER</UserId><Account>${ASSETS_ACCOUNT}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
        );
      if (body.toString().includes("Action=DescribeStacks"))
        return xml(
          400,
          `<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id CDKToolkit does not exist</Message></Error></ErrorResponse>`,
        );
      const [, bucket = "", ...key] = url.pathname.split("/");
      const region = regionOfBucket.get(bucket);
      if (!region)
        return xml(404, `<Error><Code>NoSuchBucket</Code><BucketName>${bucket}</BucketName></Error>`);
      if (request.method === "PUT") {
        puts.push({
          region: signedRegion(request),
          bucket,
          key: decodeURIComponent(key.join("/")),
          bytes: body.length,
        });
        response.writeHead(200, { etag: '"0"' });
        return response.end();
      }
      if (url.searchParams.has("location"))
        return xml(200, `<LocationConstraint>${region === "us-east-1" ? "" : region}</LocationConstraint>`);
      if (url.searchParams.has("encryption"))
        return xml(
          200,
          "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>",
        );
      if (url.searchParams.get("list-type") === "2")
        return xml(
          200,
          "<ListBucketResult><KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>",
        );
      return xml(
        400,
        `<Error><Code>NotImplemented</Code><Message>${request.method} ${request.url}</Message></Error>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    puts,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe("npm run publish-assets", () => {
  it("writes exactly what the plan shows, each region's objects into that region's bucket", {
    timeout: 300_000,
  }, async () => {
    const s3 = await loopbackS3();
    try {
      const out = mkdtempSync(join(tmpdir(), "keysentry-publish-"));
      const run = await publishAssets(
        ["--regions", REGIONS.join(","), "--assets-account", ASSETS_ACCOUNT, "--out", out],
        offlineEnvironment({
          AWS_ACCESS_KEY_ID: "AKIAEXAMPLEPUBLISHER",
          AWS_SECRET_ACCESS_KEY: "example",
          AWS_ENDPOINT_URL: s3.url,
        }),
      );
      expect(run.status, run.stderr).toBe(0);
      const planned = planRows(run.stdout).map((r) => `${r.region} ${r.bucket}/${r.key}`);
      const written = s3.puts.map((p) => `${p.region} ${p.bucket}/${p.key}`);
      expect(written.sort()).toEqual(planned.sort());
      for (const put of s3.puts) expect(put.bytes).toBeGreaterThan(0);
    } finally {
      await s3.close();
    }
  });
});
