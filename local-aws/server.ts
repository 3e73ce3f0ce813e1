/**
 * A loopback HTTP endpoint speaking the AWS JSON 1.1 protocol for KMS ("TrentService.*"),
 * ACM ("CertificateManager.*"), ACM Private CA ("ACMPrivateCA.*"), the Resource Groups Tagging API
 * ("ResourceGroupsTaggingAPI_20170126.*"), AWS Config ("StarlingDoveService.*") and CloudTrail
 * ("CloudTrail_20131101.*"), and REST-JSON for the Lambda and Security Hub reads of `keysentry
 * preflight`. Real SDK v3 clients talk to it through `endpoint`.
 * It logs every call, can throttle each operation with a token bucket, and can inject
 * faults (errors, 5xx, latency) per operation.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { PUBLISHED_QUOTAS } from "../shared/aws/quotas";
import { AcmState } from "./acm";
import { AcmPcaState } from "./acmpca";
import { CloudTrailState } from "./cloudtrail";
import { ConfigState } from "./config";
import { AwsError, asAwsError } from "./errors";
import { KmsState } from "./kms";
import { OrganizationState, type SeedOrganization } from "./organization";
import { AccountSettingsState } from "./rest";
import type { SeedAccount } from "./seed";
import { type Caller, StsState, signerOf, stsErrorXml } from "./sts";
import { TaggingState } from "./tagging";

export interface CallRecord {
  service:
    | "kms"
    | "acm"
    | "acmpca"
    | "tagging"
    | "sts"
    | "organizations"
    | "config"
    | "cloudtrail"
    | "lambda"
    | "securityhub";
  operation: string;
  /** The account an assumed role's credentials acted in; absent for the caller's own account. */
  account?: string;
  input: Record<string, unknown>;
  status: number;
  errorCode?: string;
  /** Milliseconds since the endpoint started. */
  at: number;
}

/** What a request has shown of itself so far, for its call record. */
type Seen = Pick<CallRecord, "input" | "account">;

export interface Fault {
  /** Operation name ("DescribeKey"), or "*" for every operation. */
  operation: string;
  /** Only calls whose KeyId, CertificateArn or CertificateAuthorityArn contains this string. */
  resource?: string;
  /** Only calls made with credentials of a role assumed in this account. */
  account?: string;
  error?: { code: string; status?: number; message?: string };
  latencyMs?: number;
  /** How many calls the fault hits; unlimited when absent. */
  times?: number;
  /** Chance of hitting each matching call, 0..1; every call when absent. */
  probability?: number;
}

export interface LocalAwsOptions {
  seed: SeedAccount;
  /** Per-operation requests per second; `true` for PUBLISHED_QUOTAS. */
  quotas?: boolean | Record<string, number>;
  faults?: Fault[];
  /** The endpoint's idea of now, for writes that set dates. */
  clock?: () => Date;
  /** Seeds the fault dice, so a run with probabilities repeats exactly. */
  randomSeed?: number;
  /**
   * An organization the seed's account manages (or administers as a delegate): Organizations
   * lists its accounts, STS AssumeRole enters their roles, and calls signed with the credentials
   * it returns are served from that account's own state in the signing region.
   */
  organization?: SeedOrganization;
}

export interface LocalAws {
  url: string;
  calls: CallRecord[];
  kms: KmsState;
  acm: AcmState;
  acmpca: AcmPcaState;
  faults: Fault[];
  /** Calls per operation. */
  countCalls(): Record<string, number>;
  close(): Promise<void>;
}

class TokenBucket {
  private tokens: number;
  private last = performance.now();
  constructor(private readonly rate: number) {
    this.tokens = rate;
  }
  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.rate, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** mulberry32: small, fast, repeatable. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(
  response: ServerResponse,
  status: number,
  payload: unknown,
  errorCode?: string,
  contentType = "application/x-amz-json-1.1",
) {
  const text = JSON.stringify(payload);
  response.writeHead(status, {
    "content-type": contentType,
    "content-length": Buffer.byteLength(text),
    "x-amzn-requestid": crypto.randomUUID(),
    ...(errorCode ? { "x-amzn-errortype": errorCode } : {}),
  });
  response.end(text);
}

const TARGET_PREFIX = {
  TrentService: "kms",
  CertificateManager: "acm",
  ACMPrivateCA: "acmpca",
  ResourceGroupsTaggingAPI_20170126: "tagging",
  AWSOrganizationsV20161128: "organizations",
  StarlingDoveService: "config",
  // The SDK sends the short target; the API reference's examples send the namespaced one.
  CloudTrail_20131101: "cloudtrail",
  "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101": "cloudtrail",
} as const;

/** One account's state in one region: every service the endpoint serves from a seed. */
function accountStates(seed: SeedAccount, clock: () => Date) {
  const kms = new KmsState(seed.account, seed.region, seed.keys, clock, seed.kmsUsageTrackedSince);
  const acm = new AcmState(seed.account, seed.region, seed.certificates);
  const acmpca = new AcmPcaState(seed.account, seed.region, seed.certificateAuthorities ?? [], clock);
  const setup = seed.setup ?? {};
  const since = new Date(seed.capturedAt);
  return {
    kms,
    acm,
    acmpca,
    tagging: new TaggingState([kms, acm, acmpca]),
    config: new ConfigState(seed.account, seed.region, setup.configurationRecorder, since),
    cloudtrail: new CloudTrailState(seed.account, seed.region, setup.trails),
    rest: new AccountSettingsState(seed.account, seed.region, setup, since),
  };
}

/** STS speaks the AWS Query protocol: a form-encoded POST without X-Amz-Target. */
function isQueryRequest(request: IncomingMessage): boolean {
  return (
    request.headers["x-amz-target"] === undefined &&
    String(request.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")
  );
}

function sendXml(response: ServerResponse, status: number, xml: string) {
  response.writeHead(status, {
    "content-type": "text/xml",
    "content-length": Buffer.byteLength(xml),
    "x-amzn-requestid": crypto.randomUUID(),
  });
  response.end(xml);
}

export async function startLocalAws(options: LocalAwsOptions): Promise<LocalAws> {
  const clock = options.clock ?? (() => new Date());
  const own = accountStates(options.seed, clock);
  const { kms, acm, acmpca } = own;
  const organization =
    options.organization &&
    new OrganizationState(
      options.organization,
      (seed) => accountStates(seed, clock),
      options.seed.capturedAt,
    );
  const sts = new StsState(options.seed.account, organization, clock);
  const quotas: Record<string, number> = options.quotas === true ? PUBLISHED_QUOTAS : options.quotas || {};
  // Quotas are per account and region: each member account's calls fill buckets of their own.
  const buckets = new Map<string, TokenBucket>();
  const bucket = (operation: string, where: string) => {
    const key = `${where}${operation}`;
    if (!buckets.has(key) && quotas[operation]) buckets.set(key, new TokenBucket(quotas[operation]));
    return buckets.get(key);
  };
  const faults = [...(options.faults ?? [])];
  const dice = random(options.randomSeed ?? 1);
  const calls: CallRecord[] = [];
  const started = performance.now();

  function matchingFault(
    operation: string,
    input: Record<string, unknown>,
    account: string | undefined,
  ): Fault | undefined {
    const resource = String(input.KeyId ?? input.CertificateArn ?? input.CertificateAuthorityArn ?? "");
    const fault = faults.find(
      (f) =>
        (f.operation === "*" || f.operation === operation) &&
        (!f.resource || resource.includes(f.resource)) &&
        (!f.account || f.account === account) &&
        (f.times === undefined || f.times > 0),
    );
    if (!fault || (fault.probability !== undefined && dice() >= fault.probability)) return undefined;
    if (fault.times !== undefined) fault.times--;
    return fault;
  }

  /** Injected faults and latency, then the operation's quota in the caller's account and region. */
  async function admit(operation: string, input: Record<string, unknown>, account?: string, region = "") {
    const fault = matchingFault(operation, input, account);
    if (fault?.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    if (fault?.error)
      throw new AwsError(
        fault.error.code,
        fault.error.message ?? `Injected ${fault.error.code}`,
        fault.error.status ?? 400,
      );
    if (bucket(operation, account ? `${account}/${region}/` : "")?.take() === false) {
      throw new AwsError(
        "ThrottlingException",
        "You have exceeded the rate at which you may call this operation. Reduce the frequency of your calls.",
      );
    }
  }

  /** The account a request acts in: an assumed role's (member state, by signing region), or the caller's own. */
  function callerOf(request: IncomingMessage): { caller: Caller; region: string; member?: string } {
    const { accessKeyId, region } = signerOf(String(request.headers.authorization));
    const caller = sts.callerOf(accessKeyId);
    return { caller, region, member: caller.account === options.seed.account ? undefined : caller.account };
  }

  /** Logs a call as it ends, with the input and account as far as the request was read. */
  const recorder =
    (service: CallRecord["service"], operation: string, seen: Seen) => (status: number, errorCode?: string) =>
      calls.push({
        service,
        operation,
        input: seen.input,
        account: seen.account,
        status,
        errorCode,
        at: performance.now() - started,
      });

  async function handleQuery(request: IncomingMessage, response: ServerResponse) {
    const params = new URLSearchParams(await body(request));
    const operation = params.get("Action") ?? "";
    const seen: Seen = { input: Object.fromEntries(params) };
    const record = recorder("sts", operation, seen);
    try {
      if (!request.headers.authorization)
        throw new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
      const { caller, region, member } = callerOf(request);
      seen.account = member;
      await admit(operation, seen.input, member, region);
      if (operation !== "AssumeRole" && operation !== "GetCallerIdentity")
        throw new AwsError("InvalidAction", `Could not find operation ${operation} for version 2011-06-15`);
      const xml = sts[operation](params, caller);
      record(200);
      sendXml(response, 200, xml);
    } catch (error) {
      const aws = asAwsError(error);
      record(aws.status, aws.code);
      sendXml(response, aws.status, stsErrorXml(aws));
    }
  }

  /** REST-JSON: the operation is the method and path; errors name themselves in x-amzn-errortype. */
  async function handleRest(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://localhost");
    const seen: Seen = { input: Object.fromEntries(url.searchParams) };
    const route = own.rest.route(request.method ?? "", url.pathname);
    const record = recorder(route?.service ?? "lambda", route?.operation ?? "", seen);
    try {
      await body(request);
      if (!route)
        throw new AwsError(
          "UnknownOperationException",
          `No operation at ${request.method} ${url.pathname}`,
          404,
        );
      if (!request.headers.authorization)
        throw new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
      const { region, member } = callerOf(request);
      seen.account = member;
      await admit(route.operation, seen.input, member, region);
      const states = member && organization ? organization.statesOf(member, region) : own;
      const output = states.rest.route(request.method ?? "", url.pathname)!.answer(url.searchParams);
      record(200);
      send(response, 200, output, undefined, "application/json");
    } catch (error) {
      const aws = asAwsError(error);
      record(aws.status, aws.code);
      const payload = { Code: aws.code, Message: aws.message, message: aws.message };
      send(response, aws.status, payload, aws.code, "application/json");
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    if (isQueryRequest(request)) return handleQuery(request, response);
    if (request.headers["x-amz-target"] === undefined) return handleRest(request, response);
    const target = String(request.headers["x-amz-target"] ?? "");
    const dot = target.lastIndexOf(".");
    const [prefix, operation] = dot < 0 ? [target, ""] : [target.slice(0, dot), target.slice(dot + 1)];
    const service = TARGET_PREFIX[prefix as keyof typeof TARGET_PREFIX];
    const seen: Seen = { input: {} };
    const record = recorder(service ?? "kms", operation, seen);
    try {
      if (request.method !== "POST" || !service)
        throw new AwsError("UnknownOperationException", `Unknown target ${target}`);
      if (!request.headers.authorization)
        throw new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
      const text = await body(request);
      const input = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      seen.input = input;
      const { caller, region, member } = callerOf(request);
      seen.account = member;
      await admit(operation, input, member, region);
      if (service === "organizations") {
        if (!organization)
          throw new AwsError(
            "AWSOrganizationsNotInUseException",
            "Your account is not a member of an organization.",
          );
        const list = organization[operation as "ListAccounts"];
        if (!["ListAccounts", "ListChildren", "ListAccountsForParent"].includes(operation))
          throw new AwsError(
            "UnknownOperationException",
            `Operation ${operation} is not supported by the local endpoint`,
          );
        const output = list.call(organization, input, caller.account);
        record(200);
        return send(response, 200, output);
      }
      const states = member && organization ? organization.statesOf(member, region) : own;
      const state = states[service] as unknown as Record<string, unknown>;
      const method = state[operation];
      if (typeof method !== "function" || operation === "purge" || !/^[A-Z]/.test(operation)) {
        throw new AwsError(
          "UnknownOperationException",
          `Operation ${operation} is not supported by the local endpoint`,
        );
      }
      const output = method.call(state, input);
      record(200);
      send(response, 200, output);
    } catch (error) {
      const aws = asAwsError(error);
      record(aws.status, aws.code);
      send(response, aws.status, { __type: aws.code, message: aws.message }, aws.code);
    }
  }

  const server = createServer((request, response) => {
    // No Date header: the SDK resets its clock offset from every answer's Date and retries an
    // error whose answer moved it, so a client and an endpoint on different clocks (a test's fixed
    // clock, a faked Date) would retry refusals as the seconds tick. Without it, clocks agree.
    response.sendDate = false;
    void handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    kms,
    acm,
    acmpca,
    faults,
    countCalls() {
      const counts: Record<string, number> = {};
      for (const call of calls) counts[call.operation] = (counts[call.operation] ?? 0) + 1;
      return counts;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
