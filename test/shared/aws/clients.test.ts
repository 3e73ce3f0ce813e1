import { ListKeysCommand } from "@aws-sdk/client-kms";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createKmsClient } from "../../../shared/aws/kms-client";
import { awsJson, type BadEndpoint, html, startBadEndpoint } from "../../support/bad-endpoint";

const CREDENTIALS = { accessKeyId: "AKIDLOCALTEST", secretAccessKey: "local-test-secret" };

let endpoint: BadEndpoint | undefined;

afterEach(async () => {
  vi.unstubAllEnvs();
  await endpoint?.close();
  endpoint = undefined;
});

const kms = (maxAttempts?: number) =>
  createKmsClient({ region: "eu-west-1", endpoint: endpoint!.url, credentials: CREDENTIALS, maxAttempts });

describe("KMS and ACM clients", () => {
  // A proxy or load balancer in front of the service answers 5xx in HTML; the status says
  // "try again", whatever the body.
  it.each([502, 507, 520, 599])(
    "retry a %i with an HTML body and succeed on the second attempt",
    async (status) => {
      endpoint = await startBadEndpoint((_, nth) => (nth === 0 ? html(status) : awsJson({ Keys: [] })));
      const output = await kms().send(new ListKeysCommand({}));
      expect(output.$metadata.attempts).toBe(2);
      expect(endpoint.calls.map((c) => c.operation)).toEqual(["ListKeys", "ListKeys"]);
    },
  );

  it("does not retry a 4xx that is not throttling", async () => {
    endpoint = await startBadEndpoint(() => html(403));
    await expect(kms().send(new ListKeysCommand({}))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 403, attempts: 1 },
    });
  });

  it("takes attempts per call from AWS_MAX_ATTEMPTS, as the SDK documents", async () => {
    vi.stubEnv("AWS_MAX_ATTEMPTS", "2");
    endpoint = await startBadEndpoint(() => html(503));
    await expect(kms().send(new ListKeysCommand({}))).rejects.toMatchObject({ $metadata: { attempts: 2 } });
    expect(endpoint.calls).toHaveLength(2);
  });

  it("prefers an explicit maxAttempts to AWS_MAX_ATTEMPTS", async () => {
    vi.stubEnv("AWS_MAX_ATTEMPTS", "4");
    endpoint = await startBadEndpoint(() => html(503));
    await expect(kms(1).send(new ListKeysCommand({}))).rejects.toMatchObject({ $metadata: { attempts: 1 } });
  });
});
