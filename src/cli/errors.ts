/**
 * A mistake the user can fix (a missing file, a bad flag, a service that is not running).
 * The CLI prints its message, and the hint when there is one, with no stack trace, and exits
 * with `exitCode` (2 by default, as for usage errors).
 */
export class UserError extends Error {
  readonly exitCode: number;
  readonly hint?: string;
  constructor(message: string, opts: { hint?: string; exitCode?: number } = {}) {
    super(message);
    this.name = 'UserError';
    this.hint = opts.hint;
    this.exitCode = opts.exitCode ?? 2;
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof Error && e.name === 'UserError';
}

/** The one line the CLI prints for a user error: what is wrong, then what to do. */
export function formatUserError(e: UserError): string {
  const msg = e.message.replace(/[.\s]+$/, '');
  return `kit: ${msg}.` + (e.hint ? ` ${e.hint}` : '');
}
