/** An error as an AWS JSON 1.1 service returns it: `{"__type": code, "message": ...}`. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Any other failure is the endpoint's own, as AWS answers one: InternalFailure, HTTP 500. */
export const asAwsError = (error: unknown): AwsError =>
  error instanceof AwsError ? error : new AwsError("InternalFailure", (error as Error).message, 500);

export const validation = (message: string) => new AwsError("ValidationException", message);

/** Opaque pagination markers: the offset of the next item. */
export function encodeMarker(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString("base64");
}

export function decodeMarker(marker: unknown, invalidCode: string): number {
  if (marker === undefined || marker === null) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(String(marker), "base64").toString());
  if (!match)
    throw new AwsError(
      invalidCode,
      "The request was rejected because the marker that specifies where pagination should next begin is not valid.",
    );
  return Number(match[1]);
}

export function pageLimit(value: unknown, fallback: number, max: number): number {
  if (value === undefined || value === null) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw validation(
      `1 validation error detected: Value '${value}' at 'limit' failed to satisfy constraint: Member must have value between 1 and ${max}`,
    );
  return n;
}
