import { fuzzHandler } from "../support/handler-fuzz";

fuzzHandler(
  "kms-events",
  [
    "kms/enable-key.json",
    "kms/kms-cmk-rotation.json",
    "kms/create-grant.json",
    "malformed/claims-public-policy-on-compliant-key.json",
  ],
  (harness) => harness.kms,
);
