import { afterAll, vi } from "vitest";
import { quietSdkNodeNotice } from "../../cli/quiet-sdk-notice";

quietSdkNodeNotice();

// Test files share a worker's modules and process (isolate: false): none leaves its stubs to the next.
afterAll(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});
