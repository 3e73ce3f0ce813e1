import { mockClient } from "aws-sdk-client-mock";
import { afterAll, onTestFinished } from "vitest";
import { getCurrentTest } from "vitest/suite";

/**
 * aws-sdk-client-mock's stub of an SDK client class, removed when the test that calls it ends, or
 * when the file does if called at its top level. The stub replaces `send` on the class's
 * prototype, and test files share a worker's modules (vitest `isolate: false`): a file that stubs
 * KMS must not answer the next file's calls to the local endpoint.
 */
export const mockAws: typeof mockClient = (client, options) => {
  const stub = mockClient(client, options);
  if (getCurrentTest()) onTestFinished(() => stub.restore());
  else afterAll(() => stub.restore());
  return stub;
};
