/** An error meant for the user: its message is printed as is, and the process exits with `exitCode`. */
export class AigateError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'AigateError';
  }
}
