import { type Alert, alertSubject, alertText, consoleLink, resolvedBy, type Ticketer } from "../actions";
import { KeysentryError } from "../errors";
import type { ChannelConfig } from "../settings";
import type { ChannelContext } from "./context";
import { ticketKey } from "./ticket-key";

export interface JiraOptions {
  /** https://your-site.atlassian.net */
  baseUrl: string;
  projectKey: string;
  issueType: string;
  email: string;
  /** The workflow transition applied when the finding resolves ("Done"); without it, only a comment. */
  resolveTransition?: string;
  /** Resolves the API token (from Secrets Manager, cached). */
  apiToken: () => Promise<string>;
  fetch?: typeof fetch;
}

export class JiraError extends KeysentryError {
  override readonly name = "JiraError";
  constructor(
    readonly operation: string,
    readonly status: number,
  ) {
    super(`Jira ${operation} answered ${status}`);
  }
}

/** Atlassian Document Format: one paragraph per line. */
function document(lines: string[]) {
  return {
    type: "doc",
    version: 1,
    content: lines.map((text) => ({ type: "paragraph", content: [{ type: "text", text }] })),
  };
}

/**
 * Jira Cloud issues through REST API v3. Each finding carries a label derived from its rule and
 * resource; an open issue with that label gets a comment instead of a twin.
 */
export class JiraTicketer implements Ticketer {
  readonly name = "jira";
  private readonly fetch: typeof fetch;

  constructor(private readonly options: JiraOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  private async call(operation: string, path: string, init: RequestInit = {}): Promise<unknown> {
    const token = await this.options.apiToken();
    const response = await this.fetch(`${this.options.baseUrl.replace(/\/$/, "")}${path}`, {
      ...init,
      headers: {
        authorization: `Basic ${Buffer.from(`${this.options.email}:${token}`).toString("base64")}`,
        accept: "application/json",
        "content-type": "application/json",
      },
    });
    if (!response.ok) throw new JiraError(operation, response.status);
    return response.status === 204 ? undefined : response.json();
  }

  /** The open issue for this finding, found by its label. */
  private async openIssue(alert: Alert): Promise<string | undefined> {
    const label = ticketKey(alert.finding);
    const jql = `project = "${this.options.projectKey}" AND labels = "${label}" AND statusCategory != Done`;
    const found = (await this.call(
      "search",
      `/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}&maxResults=1&fields=key`,
    )) as { issues?: { key: string }[] };
    return found.issues?.[0]?.key;
  }

  private async comment(key: string, lines: string[]): Promise<void> {
    await this.call("comment", `/rest/api/3/issue/${key}/comment`, {
      method: "POST",
      body: JSON.stringify({ body: document(lines) }),
    });
  }

  async open(alert: Alert): Promise<string> {
    const lines = [...alertText(alert), consoleLink(alert.finding)];
    const existing = await this.openIssue(alert);
    if (existing) {
      await this.comment(existing, lines);
      return existing;
    }
    const created = (await this.call("create", "/rest/api/3/issue", {
      method: "POST",
      body: JSON.stringify({
        fields: {
          project: { key: this.options.projectKey },
          issuetype: { name: this.options.issueType },
          summary: alertSubject(alert).slice(0, 255),
          description: document(lines),
          labels: ["keysentry", ticketKey(alert.finding)],
        },
      }),
    })) as { key: string };
    return created.key;
  }

  /** A comment saying what resolved the finding, then the configured transition when the workflow offers it. */
  async resolve(alert: Alert): Promise<string | undefined> {
    const key = await this.openIssue(alert);
    if (!key) return undefined;
    await this.comment(key, [`Resolved: ${resolvedBy(alert)}`, alert.finding.annotation]);
    const wanted = this.options.resolveTransition?.toLowerCase();
    if (!wanted) return key;
    const { transitions = [] } = (await this.call("transitions", `/rest/api/3/issue/${key}/transitions`)) as {
      transitions?: { id: string; name: string }[];
    };
    const transition = transitions.find((t) => t.name.toLowerCase() === wanted);
    if (!transition) throw new JiraError(`transition "${this.options.resolveTransition}" (not offered)`, 409);
    await this.call("transition", `/rest/api/3/issue/${key}/transitions`, {
      method: "POST",
      body: JSON.stringify({ transition: { id: transition.id } }),
    });
    return key;
  }
}

export function create(config: ChannelConfig<"jira">, { secrets }: ChannelContext): JiraTicketer {
  return new JiraTicketer({ ...config, apiToken: secrets.apiToken! });
}
