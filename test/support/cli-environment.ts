import { vi } from "vitest";

/** The CLI under test sees the local endpoint's credentials and nothing of the developer's own AWS set-up. */
export function stubCliEnvironment(): void {
  vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDLOCALTEST");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "local-test-secret");
  vi.stubEnv("AWS_SESSION_TOKEN", "");
  vi.stubEnv("AWS_PROFILE", "");
  vi.stubEnv("AWS_REGION", "");
  vi.stubEnv("AWS_DEFAULT_REGION", "");
  vi.stubEnv("KEYSENTRY_SETTINGS", "");
}
