import { type Facet, failed, type ReadFailure, read } from "../model";
import { ResourceGoneError } from "./ports";

/** An SDK error as a ReadFailure: its name is the AWS error code. */
export function toReadFailure(error: unknown, operation: string): ReadFailure {
  if (error instanceof Error) {
    return { code: error.name === "Error" ? "UnknownError" : error.name, message: error.message, operation };
  }
  return { code: "UnknownError", message: String(error), operation };
}

/** Runs one read; a failure becomes a failed facet, except that a vanished resource ends the evaluation. */
export async function readFacet<T>(operation: string, call: () => Promise<T>): Promise<Facet<T>> {
  try {
    return read(await call());
  } catch (error) {
    if (error instanceof ResourceGoneError) throw error;
    return failed(toReadFailure(error, operation));
  }
}
