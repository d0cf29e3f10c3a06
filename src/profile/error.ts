import type { Source } from './types.js';

/** A problem with a resolved value; the edge turns `source` into a file:line location. */
export class ProfileError extends Error {
  constructor(
    message: string,
    readonly source?: Source,
  ) {
    super(message);
    this.name = 'ProfileError';
  }
}
