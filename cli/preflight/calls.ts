/**
 * Every AWS call `keysentry preflight` may make, as IAM actions: the one declaration from which
 * `keysentry permissions --preflight` prints its policy and the clients refuse any other call.
 * All are reads.
 */
export const PREFLIGHT_CALLS = [
  "config:DescribeConfigurationRecorders",
  "config:DescribeConfigurationRecorderStatus",
  "cloudtrail:DescribeTrails",
  "cloudtrail:GetTrailStatus",
  "cloudtrail:GetEventSelectors",
  "lambda:GetAccountSettings",
  "securityhub:DescribeHub",
] as const;

export type PreflightCall = (typeof PREFLIGHT_CALLS)[number];

/** The identity policy preflight needs: on "*", since the trails it reads may be another account's (an organization trail) and the other calls read settings of the account. */
export function preflightPolicy() {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "KeysentryPreflight", Effect: "Allow", Action: [...PREFLIGHT_CALLS].sort(), Resource: "*" },
    ],
  };
}
