/** A preflight check's verdict: `fail` means the deployment would fail or miss what it is for. */
export const CHECK_STATUSES = ["ok", "warn", "fail"] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export type CheckId = "settings" | "config-recorder" | "cloudtrail" | "lambda-concurrency" | "security-hub";

/** One check's verdict; `region` on the checks made per region, none on the settings check. */
export interface Check {
  id: CheckId;
  region?: string;
  status: CheckStatus;
  /** What was found and, unless `ok`, how to fix it. */
  message: string;
}

export const ok = (id: CheckId, message: string): Check => ({ id, status: "ok", message });
export const warn = (id: CheckId, message: string): Check => ({ id, status: "warn", message });
export const fail = (id: CheckId, message: string): Check => ({ id, status: "fail", message });
