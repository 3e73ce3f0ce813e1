/**
 * A grant storm: 10,000 CloudTrail KMS grant calls in 10 minutes of event time, as a busy account's
 * EBS volumes, instances and databases make them, 1 % of them a person's grant to another account.
 * Each event goes through the EventBridge patterns (test/support/event-pattern.ts, EventBridge's
 * documented semantics) and, when a rule matches, through the KMS function's handler against the
 * local endpoint (the sample account) and a DynamoDB state table on dynalite. Counted: function
 * invocations, control-plane reads (KMS calls) and DynamoDB writes (PutItem), before and after the
 * service-grant filter.
 *
 * Before: the one rule for every watched KMS call, CreateGrant and RetireGrant among them, and a
 * reader that evaluated every grant it was given. The "before" handler runs today's reader on the
 * record without its userIdentity.invokedBy, which leaves the key, the grant and so every read
 * as they were, and only hides that a service made the call.
 */
import { writeFile } from "node:fs/promises";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { Context } from "aws-lambda";
import { readSampleAccount } from "../cli/demo";
import { quietSdkNodeNotice } from "../cli/quiet-sdk-notice";
import { eventPatterns } from "../infra/member/event-patterns";
import { type LocalAws, startLocalAws } from "../local-aws";
import type { Notifier } from "../shared/actions";
import {
  AcmCertificateReader,
  createAcmClient,
  createKmsClient,
  DynamoDbStateStore,
  FirstKnownPriorState,
  KmsActuator,
  KmsKeyReader,
} from "../shared/aws";
import { CLOUDTRAIL_DETAIL_TYPE, eventReaderFor, WATCHED_KMS_CALLS } from "../shared/events";
import { createEventHandler } from "../shared/handlers";
import { assembleServices } from "../shared/services";
import { parseSettings } from "../shared/settings";
import { startDynalite } from "../test/support/dynalite";
import { matchesPattern } from "../test/support/event-pattern";
import { TEST_CREDENTIALS } from "../test/support/sample-account";

const EVENTS = 10_000;
const WINDOW_MS = 10 * 60_000;
/** One event in a hundred is a person's grant to another account's role. */
const EXTERNAL_EVERY = 100;

/** The rule before: every watched call, grants included, only failed calls left out. */
const OLD_PATTERN = {
  source: ["aws.kms"],
  "detail-type": [CLOUDTRAIL_DETAIL_TYPE],
  detail: {
    eventSource: ["kms.amazonaws.com"],
    eventName: [...WATCHED_KMS_CALLS],
    errorCode: [{ exists: false }],
  },
};

type Kind = "to-service-principal" | "to-reserved-session" | "retired-by-service" | "external";

const asgRole = (account: string) => ({
  type: "AssumedRole",
  principalId: "AROAEXAMPLEASGSLR01:AutoScaling",
  arn: `arn:aws:sts::${account}:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling`,
  accountId: account,
  sessionContext: {
    sessionIssuer: {
      type: "Role",
      arn: `arn:aws:iam::${account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
      accountId: account,
      userName: "AWSServiceRoleForAutoScaling",
    },
  },
  invokedBy: "ec2.amazonaws.com",
});

/** The i-th event: a third each of the three kinds of service grant, and every hundredth an external grant. */
function grantEvent(i: number, account: string, region: string, keys: string[], start: number) {
  const kind: Kind =
    i % EXTERNAL_EVERY === EXTERNAL_EVERY - 1
      ? "external"
      : (["to-service-principal", "to-reserved-session", "retired-by-service"] as const)[i % 3]!;
  const time = new Date(start + Math.floor((i * WINDOW_MS) / EVENTS)).toISOString().replace(/\.\d+Z$/, "Z");
  const key = `arn:aws:kms:${region}:${account}:key/${keys[i % keys.length]}`;
  const volume = `vol-${i.toString(16).padStart(17, "0")}`;
  const person = {
    type: "AssumedRole",
    principalId: "AROAEXAMPLEADMIN:bob@example.com",
    arn: `arn:aws:sts::${account}:assumed-role/Admin/bob@example.com`,
    accountId: account,
  };
  const request =
    kind === "retired-by-service"
      ? null
      : {
          keyId: key,
          granteePrincipal: {
            "to-service-principal": `ec2.${region}.amazonaws.com`,
            "to-reserved-session": `arn:aws:sts::${account}:assumed-role/aws:ec2-infrastructure/i-${volume.slice(4)}`,
            external: "arn:aws:iam::777788889999:role/ContractorDeploy",
          }[kind],
          operations: kind === "external" ? ["Decrypt", "GenerateDataKey"] : ["Decrypt"],
          ...(kind === "external"
            ? {}
            : { constraints: { encryptionContextSubset: { "aws:ebs:id": volume } } }),
        };
  const id = i.toString(16).padStart(12, "0");
  return {
    kind,
    event: {
      version: "0",
      id: `9a1b2c3d-0000-4000-8000-${id}`,
      "detail-type": CLOUDTRAIL_DETAIL_TYPE,
      source: "aws.kms",
      account,
      time,
      region,
      resources: [],
      detail: {
        eventVersion: "1.09",
        userIdentity: kind === "external" ? person : asgRole(account),
        eventTime: time,
        eventSource: "kms.amazonaws.com",
        eventName: kind === "retired-by-service" ? "RetireGrant" : "CreateGrant",
        awsRegion: region,
        sourceIPAddress: kind === "external" ? "198.51.100.7" : "ec2.amazonaws.com",
        userAgent: kind === "external" ? "aws-cli/2.22.0" : "ec2.amazonaws.com",
        requestParameters: request,
        responseElements: request ? { grantId: id.padStart(64, "0"), keyId: key } : null,
        eventID: `5e6f7a8b-0000-4000-8000-${id}`,
        readOnly: false,
        resources: [{ accountId: account, type: "AWS::KMS::Key", ARN: key }],
        eventType: "AwsApiCall",
        managementEvent: true,
        recipientAccountId: account,
        eventCategory: "Management",
        ...(kind === "retired-by-service" ? { additionalEventData: { grantId: id.padStart(64, "0") } } : {}),
      },
    },
  };
}

interface Tally {
  invocations: number;
  controlPlaneReads: number;
  dynamoWrites: number;
  dynamoReads: number;
  ignored: number;
  findings: number;
  alerts: number;
}

class CountingNotifier implements Notifier {
  readonly name = "bench";
  sent = 0;
  async send() {
    this.sent++;
  }
}

async function run(
  aws: LocalAws,
  dynamo: Awaited<ReturnType<typeof startDynalite>>,
  events: { kind: Kind; event: { detail: Record<string, unknown> } }[],
  invokes: (event: unknown) => boolean,
  asGiven: (event: { detail: Record<string, unknown> }) => unknown,
  now: Date,
): Promise<{ total: Tally; byKind: Record<Kind, number> }> {
  const seed = readSampleAccount(now);
  const client = { region: seed.region, endpoint: aws.url, credentials: TEST_CREDENTIALS };
  const kms = createKmsClient(client);
  const counts = { PutItem: 0, GetItem: 0 };
  dynamo.client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName?.replace(/Command$/, "");
      if (name === "PutItem" || name === "GetItem") counts[name]++;
      return next(args);
    },
    { step: "initialize", name: `count-${Math.random()}` },
  );
  const notifier = new CountingNotifier();
  const services = assembleServices({
    region: seed.region,
    settings: { ...parseSettings({}), dryRun: true },
    readers: { keys: new KmsKeyReader(kms), certificates: new AcmCertificateReader(createAcmClient(client)) },
    store: new DynamoDbStateStore(dynamo.client, await dynamo.createStateTable()),
    notifiers: [notifier],
    ticketers: [],
    remediation: { actuator: new KmsActuator(kms), priorState: new FirstKnownPriorState([]) },
    logger: new Logger({ serviceName: "keysentry", logLevel: "SILENT" }),
    metrics: new Metrics({ namespace: "keysentry", serviceName: "keysentry" }),
    now: () => now,
  });
  const handler = createEventHandler(eventReaderFor("kms-events"), services);
  const context = {
    invokedFunctionArn: `arn:aws:lambda:${seed.region}:${seed.account}:function:keysentry-kms-events`,
    functionName: "keysentry-kms-events",
  } as Context;
  const total: Tally = {
    invocations: 0,
    controlPlaneReads: 0,
    dynamoWrites: 0,
    dynamoReads: 0,
    ignored: 0,
    findings: 0,
    alerts: 0,
  };
  const byKind = {
    "to-service-principal": 0,
    "to-reserved-session": 0,
    "retired-by-service": 0,
    external: 0,
  };
  const callsBefore = aws.calls.length;
  for (const { kind, event } of events) {
    if (!invokes(event)) continue;
    total.invocations++;
    byKind[kind]++;
    const result = await handler(asGiven(event), context);
    total.ignored += result.ignored.length;
    total.findings += result.findings.length;
  }
  total.controlPlaneReads = aws.calls.length - callsBefore;
  total.dynamoWrites = counts.PutItem;
  total.dynamoReads = counts.GetItem;
  total.alerts = notifier.sent;
  kms.destroy();
  return { total, byKind };
}

export async function grantStormBenchmark() {
  const now = new Date();
  const seed = readSampleAccount(now);
  const keys = seed.keys
    .filter((k) => (k.KeyState ?? "Enabled") === "Enabled" && k.KeyManager !== "AWS" && !k.CustomKeyStoreId)
    .map((k) => k.KeyId);
  const start = now.getTime() - WINDOW_MS;
  const events = Array.from({ length: EVENTS }, (_, i) =>
    grantEvent(i, seed.account, seed.region, keys, start),
  );
  const patterns = Object.values(eventPatterns(seed.account));
  const aws = await startLocalAws({ seed, clock: () => now });
  const dynamo = await startDynalite();
  try {
    const before = await run(
      aws,
      dynamo,
      events,
      (event) => matchesPattern(OLD_PATTERN, event),
      (event) => {
        const { invokedBy: _hidden, ...identity } = event.detail.userIdentity as Record<string, unknown>;
        return { ...event, detail: { ...event.detail, userIdentity: identity } };
      },
      now,
    );
    const after = await run(
      aws,
      dynamo,
      events,
      (event) => patterns.some((pattern) => matchesPattern(pattern, event)),
      (event) => event,
      now,
    );
    const mix: Record<string, number> = {};
    for (const { kind } of events) mix[kind] = (mix[kind] ?? 0) + 1;
    return { events: EVENTS, windowMinutes: WINDOW_MS / 60_000, keys: keys.length, mix, before, after };
  } finally {
    await dynamo.close();
    await aws.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  quietSdkNodeNotice();
  const started = performance.now();
  const figures = await grantStormBenchmark();
  const { before, after } = figures;
  console.log(
    `${figures.events} CloudTrail grant events in ${figures.windowMinutes} minutes over ${figures.keys} keys:`,
    figures.mix,
  );
  console.table({
    "before (one rule, every grant)": before.total,
    "after (service grants filtered)": after.total,
  });
  console.log("invocations by kind of grant, before:", before.byKind);
  console.log("invocations by kind of grant, after: ", after.byKind);
  const less = (a: number, b: number) => (a === 0 ? "–" : `${(100 * (1 - b / a)).toFixed(1)} % fewer`);
  console.log(
    `invocations ${before.total.invocations} → ${after.total.invocations} (${less(before.total.invocations, after.total.invocations)}); ` +
      `control-plane reads ${before.total.controlPlaneReads} → ${after.total.controlPlaneReads} (${less(before.total.controlPlaneReads, after.total.controlPlaneReads)}); ` +
      `DynamoDB writes ${before.total.dynamoWrites} → ${after.total.dynamoWrites}`,
  );
  console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
  await writeFile(
    new URL("./results/grant-storm.json", import.meta.url),
    `${JSON.stringify(figures, null, 2)}\n`,
  );
}
