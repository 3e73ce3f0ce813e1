/**
 * A loopback endpoint that answers what AWS never would: HTML from a captive portal, truncated
 * JSON, a 5xx with a plain-text body from a proxy, a pagination marker handed back twice. Each
 * test scripts the answer per call; real SDK clients reach it through `endpoint`.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface Answer {
  status?: number;
  contentType?: string;
  body: string;
}

export interface BadCall {
  /** From the X-Amz-Target header: "ListKeys", "ListCertificates", ... */
  operation: string;
  input: Record<string, unknown>;
}

/** Decides the answer to one call; `nth` counts the earlier calls of the same operation. */
export type Script = (call: BadCall, nth: number) => Answer;

export interface BadEndpoint {
  url: string;
  calls: BadCall[];
  close(): Promise<void>;
}

/** An answer in the AWS JSON 1.1 protocol, as KMS and ACM give. */
export function awsJson(payload: unknown, status = 200): Answer {
  return { status, contentType: "application/x-amz-json-1.1", body: JSON.stringify(payload) };
}

export function awsError(code: string, status = 400, message = `Scripted ${code}`): Answer {
  return awsJson({ __type: code, message }, status);
}

/** What a captive portal, a corporate proxy or a misrouted URL sends back. */
export function html(status = 200): Answer {
  return {
    status,
    contentType: "text/html",
    body: "<!doctype html><html><body><h1>Sign in</h1></body></html>",
  };
}

async function readInput(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function startBadEndpoint(script: Script): Promise<BadEndpoint> {
  const calls: BadCall[] = [];
  const server = createServer(async (request, response) => {
    const operation = String(request.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
    const call = { operation, input: await readInput(request) };
    const nth = calls.filter((c) => c.operation === operation).length;
    calls.push(call);
    const answer = script(call, nth);
    response.writeHead(answer.status ?? 200, {
      "content-type": answer.contentType ?? "application/x-amz-json-1.1",
      "content-length": Buffer.byteLength(answer.body),
    });
    response.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A loopback URL nobody listens on: a port the system handed out and has taken back. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
