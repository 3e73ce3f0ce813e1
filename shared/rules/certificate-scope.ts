import type { CertificateSnapshot, CertificateStatus } from "../model";

/** Statuses in which a certificate serves traffic or is about to. */
const LIVE: readonly CertificateStatus[] = ["ISSUED", "PENDING_VALIDATION"];

export function notLiveReason(cert: CertificateSnapshot): string | undefined {
  const { status } = cert.certificate;
  return LIVE.includes(status) ? undefined : `certificate status is ${status}`;
}

export function usage(cert: CertificateSnapshot): string {
  return cert.certificate.inUse ? "in use" : "not in use";
}
