import { fuzzHandler } from "../support/handler-fuzz";

fuzzHandler(
  "acm-events",
  ["acm/available.json", "acm/approaching-expiration.json", "acm/health-renewal-state-change.json"],
  (harness) => harness.acm,
);
