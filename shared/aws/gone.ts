import { ResourceGoneError } from "../inventory";

/**
 * Runs a read of one resource; the service's not-found error becomes ResourceGoneError, so a
 * resource that vanished ends its evaluation as NOT_APPLICABLE rather than an error.
 */
export function goneWhen(notFound: abstract new (...args: never[]) => Error) {
  return async <T>(id: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (error instanceof notFound) throw new ResourceGoneError(id);
      throw error;
    }
  };
}
