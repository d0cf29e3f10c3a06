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

/**
 * A document (TOML, JSON, YAML) that does not parse: the user's to fix when it is their file as it
 * is, but aigate's own limit when it is a text aigate made while editing a valid one.
 */
export class InvalidDocument extends AigateError {}
