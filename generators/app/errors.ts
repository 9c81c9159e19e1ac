/** Bad input on the command line or in the answers: exit code 2, nothing written. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The user cancelled (Ctrl-C, or escaped a prompt): exit code 130. */
export class CancelledError extends Error {
  readonly exitCode = 130;
  constructor(message = 'Cancelled; nothing was written.') {
    super(message);
    this.name = 'CancelledError';
  }
}
