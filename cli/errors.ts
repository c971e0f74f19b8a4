import type { DbFault } from '../core/store/db-errors.js';

/** An error the user can act on: printed as one line, no stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    /** Set when the database itself is the problem (busy, full, read-only…). */
    readonly fault?: DbFault,
  ) {
    super(message);
  }
}
