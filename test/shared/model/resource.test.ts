import { describe, expect, it } from "vitest";
import { resourceLabel } from "../../../shared/model";
import { exampleCertificate } from "../../../shared/rules";

describe("resourceLabel", () => {
  it("names a certificate by its domain and id, or by its id when the listing gave no domain", () => {
    expect(resourceLabel(exampleCertificate())).toBe(
      "shop.example.com (certificate 0d1f4a3e-6c2b-4f7e-9a51-2b8c7e3d9f10)",
    );
    expect(resourceLabel(exampleCertificate({ certificate: { domainName: "" } }))).toBe(
      "certificate 0d1f4a3e-6c2b-4f7e-9a51-2b8c7e3d9f10",
    );
  });
});
