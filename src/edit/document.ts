import { AigateError } from '../errors.js';
import { utf8Text } from './encoding.js';
import { DELETE, readBytes, type ReplaceOptions, type Replaced, replaceFile } from './file.js';
import { type DocumentFormat, holds } from './verify.js';

/** What an edit of a document makes of its text, and the data the new text must hold. */
export type DocumentEdit = (text: string, exists: boolean) => { text: string; expected: unknown } | typeof DELETE;

/**
 * Changes a TOML or JSON document through the safe file replacement: the file must be UTF-8 (as its
 * format says) and parse, or it is refused untouched; the new text must parse to exactly `expected`,
 * or nothing is written (a bug in aigate, caught before it costs a byte of the user's).
 */
export function editDocument(file: string, format: DocumentFormat, edit: DocumentEdit, options: ReplaceOptions = {}): Replaced {
  return replaceFile(
    file,
    (bytes) => {
      const text = bytes === undefined ? '' : utf8Text(file, bytes);
      if (bytes !== undefined) format.data(file, text); // refuse a file that does not parse before anything else
      const result = edit(text, bytes !== undefined);
      if (result === DELETE) return DELETE;
      if (!holds(format.data(file, result.text), result.expected)) {
        throw new AigateError(`${file}: the edited text would not hold exactly your settings plus aigate's (a bug in aigate); nothing was written`);
      }
      return Buffer.from(result.text, 'utf8');
    },
    options,
  );
}

/**
 * What `edit` would make of the file, with every check of editDocument, and nothing written, locked
 * or created: `setup --dry-run`.
 */
export function previewDocument(file: string, format: DocumentFormat, edit: DocumentEdit): { before: string; exists: boolean; after: string | typeof DELETE } {
  const bytes = readBytes(file);
  const before = bytes === undefined ? '' : utf8Text(file, bytes);
  if (bytes !== undefined) format.data(file, before);
  const result = edit(before, bytes !== undefined);
  if (result !== DELETE && !holds(format.data(file, result.text), result.expected)) {
    throw new AigateError(`${file}: the edited text would not hold exactly your settings plus aigate's (a bug in aigate); nothing was written`);
  }
  return { before, exists: bytes !== undefined, after: result === DELETE ? DELETE : result.text };
}

export { DELETE };
