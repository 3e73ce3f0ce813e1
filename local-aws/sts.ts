/**
 * STS as the local endpoint models it: AssumeRole and GetCallerIdentity in the AWS Query protocol
 * (form-encoded requests, XML answers), as the SDK's STS client speaks it. The access key id
 * AssumeRole hands out names the role's account ("ASIA" + the 12 digits + a serial), so the
 * endpoint serves every later call signed with it from that account's state; any other key is
 * the caller's own account, as before organizations existed here.
 */
import { randomBytes } from "node:crypto";
import { AwsError } from "./errors";
import type { OrganizationState } from "./organization";

const XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";

/**
 * RoleSessionName: 2 to 64 of [\w+=,.@-] (STS API reference, AssumeRole); ExternalId: 2 to 1,224 of
 * [\w+=,.@:/-] (IAM User Guide, "IAM and AWS STS quotas"); DurationSeconds 900 to 43,200, 3,600
 * by default (SDK model, AssumeRoleRequest).
 */
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

/** Who signed a request: the caller's own account, or an assumed role's. */
export interface Caller {
  account: string;
  /** The assumed role's session ARN; absent for the caller's own credentials. */
  sessionArn?: string;
}

interface Session extends Caller {
  expires: Date;
}

const stsError = (code: string, message: string, status = 400) => new AwsError(code, message, status);

function xmlText(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function element(name: string, value: string | Record<string, string>): string {
  if (typeof value === "string") return `<${name}>${xmlText(value)}</${name}>`;
  return `<${name}>${Object.entries(value)
    .map(([k, v]) => element(k, v))
    .join("")}</${name}>`;
}

/** An AWS Query answer: `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…`. */
function answer(action: string, result: Record<string, string | Record<string, string>>): string {
  const fields = Object.entries(result)
    .map(([k, v]) => element(k, v))
    .join("");
  return `<${action}Response xmlns="${XMLNS}"><${action}Result>${fields}</${action}Result><ResponseMetadata><RequestId>${crypto.randomUUID()}</RequestId></ResponseMetadata></${action}Response>`;
}

/** An AWS Query error, as the SDK's STS client parses it (ErrorResponse/Error/Code). */
export function stsErrorXml(error: AwsError): string {
  const type = error.status >= 500 ? "Receiver" : "Sender";
  return `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${xmlText(error.code)}</Code><Message>${xmlText(error.message)}</Message></Error><RequestId>${crypto.randomUUID()}</RequestId></ErrorResponse>`;
}

export class StsState {
  private readonly sessions = new Map<string, Session>();
  private serial = 0;

  constructor(
    private readonly ownAccount: string,
    private readonly organization: Pick<OrganizationState, "roleTrusts"> | undefined,
    private readonly clock: () => Date,
  ) {}

  /** The account a request signed with this access key id acts in; an unknown or expired session key is refused. */
  callerOf(accessKeyId: string): Caller {
    const session = this.sessions.get(accessKeyId);
    if (!session) {
      if (accessKeyId.startsWith("ASIA"))
        throw stsError(
          "UnrecognizedClientException",
          "The security token included in the request is invalid.",
          403,
        );
      return { account: this.ownAccount };
    }
    if (session.expires <= this.clock())
      throw stsError("ExpiredTokenException", "The security token included in the request is expired", 403);
    return session;
  }

  AssumeRole(params: URLSearchParams, caller: Caller): string {
    const roleArn = params.get("RoleArn") ?? "";
    const sessionName = params.get("RoleSessionName") ?? "";
    const externalId = params.get("ExternalId");
    const duration = Number(params.get("DurationSeconds") ?? 3600);
    const arn = ROLE_ARN.exec(roleArn);
    if (!arn) throw stsError("ValidationError", `${roleArn} is not a valid role ARN`);
    if (!SESSION_NAME.test(sessionName))
      throw stsError(
        "ValidationError",
        "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]* and length between 2 and 64",
      );
    if (externalId !== null && !EXTERNAL_ID.test(externalId))
      throw stsError("ValidationError", "ExternalId must be 2 to 1224 characters of [\\w+=,.@:/-]");
    if (!Number.isInteger(duration) || duration < 900 || duration > 43_200)
      throw stsError("ValidationError", "DurationSeconds must be between 900 and 43200");
    const [, partition, account, roleName] = arn as unknown as [string, string, string, string];
    const trusted = this.organization?.roleTrusts(account, roleName, caller.account, externalId ?? undefined);
    if (!trusted) {
      const who = caller.sessionArn ?? `arn:${partition}:iam::${caller.account}:user/local`;
      throw stsError(
        "AccessDenied",
        `User: ${who} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        403,
      );
    }
    const accessKeyId = `ASIA${account}${(this.serial++).toString(36).toUpperCase().padStart(4, "0")}`;
    const sessionArn = `arn:${partition}:sts::${account}:assumed-role/${roleName}/${sessionName}`;
    const expires = new Date(this.clock().getTime() + duration * 1000);
    this.sessions.set(accessKeyId, { account, sessionArn, expires });
    return answer("AssumeRole", {
      Credentials: {
        AccessKeyId: accessKeyId,
        SecretAccessKey: randomBytes(30).toString("base64"),
        SessionToken: randomBytes(60).toString("base64"),
        Expiration: expires.toISOString(),
      },
      AssumedRoleUser: { AssumedRoleId: `AROA${account}LOCAL:${sessionName}`, Arn: sessionArn },
    });
  }

  GetCallerIdentity(_params: URLSearchParams, caller: Caller): string {
    return answer("GetCallerIdentity", {
      UserId: caller.sessionArn ? `AROA${caller.account}LOCAL` : `AIDA${caller.account}LOCAL`,
      Account: caller.account,
      Arn: caller.sessionArn ?? `arn:aws:iam::${caller.account}:user/local`,
    });
  }
}

/**
 * The access key id and region of a SigV4 Authorization header
 * ("AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/kms/aws4_request, SignedHeaders=…").
 */
export function signerOf(authorization: string): { accessKeyId: string; region: string } {
  const at = authorization.indexOf("Credential=");
  const scope = at < 0 ? "" : authorization.slice(at + "Credential=".length).split(",", 1)[0]!;
  const [accessKeyId = "", , region = ""] = scope.trim().split("/");
  return { accessKeyId, region };
}
