import { fuzzHandler } from "../support/handler-fuzz";

fuzzHandler(
  "config-rule",
  ["config/kms-change.json", "config/acm-oversized.json", "config/kms-deleted.json"],
  (harness) => async (event) => harness.configRule(event),
);
