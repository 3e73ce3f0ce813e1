/**
 * The base of keysentry's typed errors: what happened in the message, and the error that
 * caused it kept as `cause` (ErrorOptions), as Powertools' errors do. Each subclass names
 * itself with a literal `name`, which survives minification and is what logs and ERROR
 * findings report.
 */
export abstract class KeysentryError extends Error {
  abstract override readonly name: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}
