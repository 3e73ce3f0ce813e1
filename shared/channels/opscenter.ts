import {
  CreateOpsItemCommand,
  DescribeOpsItemsCommand,
  SSMClient,
  UpdateOpsItemCommand,
} from "@aws-sdk/client-ssm";
import { type Alert, alertSubject, alertText, consoleLink, resolvedBy, type Ticketer } from "../actions";
import { timeouts } from "../aws/clients";
import type { Severity } from "../model";
import type { ChannelConfig } from "../settings";
import type { ChannelContext } from "./context";
import { ticketKey } from "./ticket-key";

/** OpsItem severities run from 1 (critical) to 4 (low) (Systems Manager API reference, CreateOpsItem). */
const OPSITEM_SEVERITY: Record<Severity, string> = {
  CRITICAL: "1",
  HIGH: "2",
  MEDIUM: "3",
  LOW: "4",
  INFO: "4",
};

/** CreateOpsItem limits: Title 1..1024 characters, Description 1..2048 (Systems Manager API reference). */
const TITLE_MAX = 1024;
const DESCRIPTION_MAX = 2048;

/** Searchable operational data naming the finding, so its OpsItem can be found and resolved. */
const TICKET_KEY = "keysentry:ticket";

/**
 * Opens an OpsCenter OpsItem per finding. The `/aws/dedup` operational data makes OpsCenter
 * fold repeats into the open OpsItem instead of creating another (Systems Manager User Guide,
 * "Managing duplicate OpsItems").
 */
export class OpsCenterTicketer implements Ticketer {
  readonly name = "opscenter";

  constructor(
    private readonly ssm: SSMClient,
    private readonly category = "Security",
  ) {}

  async open(alert: Alert): Promise<string> {
    const { finding } = alert;
    const data = (value: string) => ({ Value: value, Type: "SearchableString" as const });
    const { OpsItemId } = await this.ssm.send(
      new CreateOpsItemCommand({
        Title: alertSubject(alert).slice(0, TITLE_MAX),
        Description: [...alertText(alert), consoleLink(finding)].join("\n").slice(0, DESCRIPTION_MAX),
        Source: "keysentry",
        Severity: OPSITEM_SEVERITY[finding.severity],
        Category: this.category,
        OperationalData: {
          "/aws/dedup": data(JSON.stringify({ dedupString: ticketKey(finding) })),
          "/aws/resources": data(JSON.stringify([{ arn: finding.resourceArn }])),
          "keysentry:ruleId": data(finding.ruleId),
          [TICKET_KEY]: data(ticketKey(finding)),
          "keysentry:finding": { Value: JSON.stringify(finding).slice(0, 20_000), Type: "String" },
        },
      }),
    );
    return OpsItemId ?? "deduplicated";
  }

  /**
   * Resolves the finding's open OpsItems. OperationalData filters take {"key","value"} JSON
   * (Systems Manager API reference, DescribeOpsItems, OpsItemFilter).
   */
  async resolve(alert: Alert): Promise<string | undefined> {
    const { OpsItemSummaries = [] } = await this.ssm.send(
      new DescribeOpsItemsCommand({
        OpsItemFilters: [
          {
            Key: "OperationalData",
            Values: [JSON.stringify({ key: TICKET_KEY, value: ticketKey(alert.finding) })],
            Operator: "Equal",
          },
          { Key: "Source", Values: ["keysentry"], Operator: "Equal" },
        ],
      }),
    );
    const open = OpsItemSummaries.filter((item) => item.OpsItemId && item.Status !== "Resolved");
    for (const item of open) {
      await this.ssm.send(
        new UpdateOpsItemCommand({
          OpsItemId: item.OpsItemId,
          Status: "Resolved",
          OperationalData: {
            "keysentry:resolution": {
              Value: `Resolved: ${resolvedBy(alert)}`.slice(0, 1024),
              Type: "String",
            },
          },
        }),
      );
    }
    return open.length > 0 ? open.map((item) => item.OpsItemId).join(", ") : undefined;
  }
}

export function create(config: ChannelConfig<"opscenter">, { region }: ChannelContext): OpsCenterTicketer {
  return new OpsCenterTicketer(new SSMClient({ region, requestHandler: timeouts() }), config.category);
}
