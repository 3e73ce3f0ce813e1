/**
 * One loopback endpoint for every AWS service a keysentry function may call. It records each
 * signed request (the service and access key of its SigV4 scope, the operation, the input) and
 * then serves it: KMS, ACM, ACM Private CA and tagging from the local endpoint, DynamoDB from
 * dynalite, and the rest with the smallest answer the SDK accepts. STS AssumeRole hands out
 * credentials of its own, so a later call shows whether the function's role or the assumed role
 * made it. An operation it does not know is answered with an error and recorded as such, so a
 * new call fails the test that reads the record instead of passing unseen.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface SignedCall {
  /** The service of the SigV4 credential scope: "kms", "acm-pca", "dynamodb", "sts" ... */
  service: string;
  operation: string;
  accessKeyId: string;
  region: string;
  input: Record<string, unknown>;
  /** The request path (REST services name their resource in it). */
  path: string;
  /** No answer was modelled for it: the call is an unknown one. */
  unanswered?: boolean;
  /** The error it was answered with instead, when the test refused it. */
  refused?: string;
}

export interface AssumedRole {
  roleArn: string;
  session: string;
  /** The access key that called AssumeRole. */
  assumedBy: string;
}

export interface RecordingEndpoint {
  url: string;
  calls: SignedCall[];
  /** Unsigned requests (webhooks): their paths. */
  unsigned: string[];
  /** The role each access key handed out by AssumeRole acts as, and the key that assumed it. */
  assumedRoles: Map<string, AssumedRole>;
  close(): Promise<void>;
}

export interface Backends {
  /** The local endpoint: KMS, ACM, ACM Private CA, tagging. */
  localAws: string;
  dynamodb: string;
  /** The settings document, for SSM GetParameter. */
  settings?: object;
  /** The value of every Secrets Manager secret (a webhook URL on this endpoint). */
  secretValue?: (secretId: string) => string;
  /**
   * What the local endpoint serves, by service ("kms") or by service and operation
   * ("config DescribeConfigurationRecorders"); KMS, ACM, ACM Private CA and tagging when absent.
   */
  forward?: readonly string[];
  /** The error code a call is answered with instead (AccessDeniedException, as IAM refuses), if any. */
  refuse?: (call: SignedCall) => string | undefined;
}

const FORWARDED = ["kms", "acm", "acm-pca", "tagging"];

/** The access key id, region and service of "AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, ...". */
function scopeOf(authorization: string) {
  const at = authorization.indexOf("Credential=");
  const scope = at < 0 ? "" : authorization.slice(at + "Credential=".length).split(",", 1)[0]!;
  const [accessKeyId = "", , region = "", service = ""] = scope.trim().split("/");
  return { accessKeyId, region, service };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The operation and input of an AWS JSON (X-Amz-Target), Query (Action=) or REST request. */
function operationOf(
  request: IncomingMessage,
  body: string,
): { operation: string; input: Record<string, unknown> } {
  const target = request.headers["x-amz-target"];
  if (typeof target === "string")
    return { operation: target.split(".").pop() ?? "", input: body ? JSON.parse(body) : {} };
  if (String(request.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
    const params = Object.fromEntries(new URLSearchParams(body));
    return { operation: String(params.Action ?? ""), input: params };
  }
  const path = request.url ?? "";
  // Lambda's Invoke (POST /2015-03-31/functions/NAME/invocations) and Security Hub's
  // BatchImportFindings (POST /findings/import): the REST operations keysentry calls.
  if (/^\/2015-03-31\/functions\/[^/]+\/invocations/.test(path)) return { operation: "Invoke", input: {} };
  if (path.startsWith("/findings/import"))
    return { operation: "BatchImportFindings", input: JSON.parse(body || "{}") };
  // Lambda's GetAccountSettings and Security Hub's DescribeHub: what `keysentry preflight` reads.
  if (request.method === "GET" && path.startsWith("/2016-08-19/account-settings"))
    return { operation: "GetAccountSettings", input: {} };
  if (request.method === "GET" && (path === "/accounts" || path.startsWith("/accounts?")))
    return { operation: "DescribeHub", input: {} };
  return { operation: `${request.method} ${path}`, input: {} };
}

type Answer = { status: number; type: string; body: string };
const json = (value: unknown, type = "application/x-amz-json-1.1"): Answer => ({
  status: 200,
  type,
  body: JSON.stringify(value),
});
const xml = (action: string, xmlns: string, result: string): Answer => ({
  status: 200,
  type: "text/xml",
  body: `<${action}Response xmlns="${xmlns}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></${action}Response>`,
});

export async function startRecordingEndpoint(backends: Backends): Promise<RecordingEndpoint> {
  const calls: SignedCall[] = [];
  const unsigned: string[] = [];
  const assumedRoles = new Map<string, AssumedRole>();
  let serial = 0;

  /** The modelled answers, per service and operation: only what keysentry reads from them. */
  function answer(call: SignedCall): Answer | undefined {
    const { service, operation, input } = call;
    switch (`${service} ${operation}`) {
      case "ssm GetParameter":
        return json({
          Parameter: { Name: input.Name, Type: "String", Value: JSON.stringify(backends.settings ?? {}) },
        });
      case "ssm CreateOpsItem":
        return json({ OpsItemId: `oi-${(serial++).toString(16).padStart(12, "0")}` });
      // The finding being resolved has an open OpsItem: resolving it updates that item.
      case "ssm DescribeOpsItems":
        return json({ OpsItemSummaries: [{ OpsItemId: "oi-0123456789ab", Status: "Open" }] });
      case "ssm UpdateOpsItem":
        return json({});
      case "sns Publish":
        return xml("Publish", "http://sns.amazonaws.com/doc/2010-03-31/", "<MessageId>m-1</MessageId>");
      case "config PutEvaluations":
        return json({ FailedEvaluations: [] });
      case "config GetComplianceDetailsByConfigRule":
        return json({ EvaluationResults: [] });
      // Config has no history of the key, so the prior state comes from CloudTrail: both are asked.
      case "config GetResourceConfigHistory":
        return json({ configurationItems: [] });
      case "cloudtrail LookupEvents":
        return json({ Events: [{ EventName: "EnableKey", EventTime: 1_700_000_000 }] });
      case "secretsmanager GetSecretValue":
        return json({
          Name: input.SecretId,
          SecretString: backends.secretValue?.(String(input.SecretId)) ?? "",
        });
      case "securityhub BatchImportFindings":
        return json(
          {
            FailedCount: 0,
            SuccessCount: (input.Findings as unknown[] | undefined)?.length ?? 0,
            FailedFindings: [],
          },
          "application/json",
        );
      case "lambda Invoke":
        return { status: 202, type: "application/json", body: "" };
      case "sts AssumeRole": {
        // Not "ASIA…": the local endpoint serves any other key as the account's own caller.
        const accessKeyId = `AKIAASSUMED${(serial++).toString().padStart(9, "0")}`;
        assumedRoles.set(accessKeyId, {
          roleArn: String(input.RoleArn),
          session: String(input.RoleSessionName),
          assumedBy: call.accessKeyId,
        });
        const expires = new Date(Date.now() + 3600_000).toISOString();
        return xml(
          "AssumeRole",
          "https://sts.amazonaws.com/doc/2011-06-15/",
          `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>${expires}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROALOCAL:${input.RoleSessionName}</AssumedRoleId><Arn>${input.RoleArn}</Arn></AssumedRoleUser>`,
        );
      }
      default:
        return undefined;
    }
  }

  function forward(to: string, request: IncomingMessage, body: string, response: ServerResponse) {
    const proxied = httpRequest(
      `${to}${request.url ?? "/"}`,
      { method: request.method, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(response);
      },
    );
    proxied.on("error", (error) => {
      response.writeHead(502);
      response.end(String(error));
    });
    proxied.end(body);
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    response.sendDate = false;
    const body = await readBody(request);
    const authorization = request.headers.authorization;
    if (!authorization) {
      unsigned.push(request.url ?? "");
      response.writeHead(200, { "content-type": "text/plain" });
      return response.end("ok");
    }
    const { accessKeyId, region, service } = scopeOf(authorization);
    const call: SignedCall = {
      service,
      accessKeyId,
      region,
      path: request.url ?? "",
      ...operationOf(request, body),
    };
    calls.push(call);
    if (backends.refuse?.(call)) {
      response.writeHead(400, { "content-type": "application/x-amz-json-1.1" });
      return response.end(
        JSON.stringify({ __type: "AccessDeniedException", message: "refused by the test" }),
      );
    }
    const forwarded = backends.forward ?? FORWARDED;
    if (forwarded.includes(service) || forwarded.includes(`${service} ${call.operation}`))
      return forward(backends.localAws, request, body, response);
    if (service === "dynamodb") return forward(backends.dynamodb, request, body, response);
    const modelled = answer(call);
    if (!modelled) {
      call.unanswered = true;
      response.writeHead(400, { "content-type": "application/x-amz-json-1.1" });
      return response.end(
        JSON.stringify({ __type: "UnknownOperationException", message: `${service} ${call.operation}` }),
      );
    }
    response.writeHead(modelled.status, { "content-type": modelled.type, "x-amzn-requestid": "r-1" });
    response.end(modelled.body);
  }

  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    unsigned,
    assumedRoles,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
