import { KeysentryError } from "../errors";
/**
 * A part of a snapshot that costs an API call to read. It is read only when a rule asks
 * for it, and a read that fails is kept as a failure so the rule reports ERROR, never a guess.
 */

export interface ReadFailure {
  /** The AWS error code (AccessDeniedException, ThrottlingException, ...) or the error name. */
  code: string;
  message: string;
  operation: string;
}

export type Facet<T> =
  | { state: "unread" }
  | { state: "read"; value: T }
  | { state: "failed"; failure: ReadFailure };

export const UNREAD = { state: "unread" } as const;

export function read<T>(value: T): Facet<T> {
  return { state: "read", value };
}

export function failed<T>(failure: ReadFailure): Facet<T> {
  return { state: "failed", failure };
}

export class FacetNotReadError extends KeysentryError {
  override readonly name = "FacetNotReadError";
  constructor(
    readonly facet: string,
    readonly resourceId: string,
  ) {
    super(`facet "${facet}" of ${resourceId} was used before it was read`);
  }
}

/** The value of a facet a rule declared it needs; the engine guarantees it was read. */
export function facetValue<T>(facet: Facet<T>, name: string, resourceId: string): T {
  if (facet.state !== "read") throw new FacetNotReadError(name, resourceId);
  return facet.value;
}
