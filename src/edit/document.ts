import { InvalidDocument } from '../errors.js';
import { utf8Text } from './encoding.js';
import { DELETE, readBytes, type ReplaceOptions, type Replaced, replaceFile } from './file.js';
import { cannotYetEdit, type DocumentFormat, holds } from './verify.js';

/** What an edit of a document makes of its text, and the data the new text must hold. */
export type DocumentEdit = (text: string, exists: boolean) => { text: string; expected: unknown } | typeof DELETE;

/** A valid file whose layout aigate's edit could not keep: aigate's limit, said as such. */
const cannotEdit = (file: string, why: string) => cannotYetEdit(file, `this file as it is laid out (${why})`, 'make the change by hand');

/**
 * The new text of `file`: its text must parse (else the user is told where it does not), then the
 * edit's text must parse and hold exactly `expected`; when it does not, the file was valid and the
 * fault is aigate's (a layout it cannot yet edit), and nothing is written.
 */
function planned(file: string, format: DocumentFormat, edit: DocumentEdit, bytes: Buffer | undefined): { text: string; result: string | typeof DELETE } {
  const text = bytes === undefined ? '' : utf8Text(file, bytes);
  if (bytes !== undefined) format.data(file, text); // the user's file must parse: refused with its position
  try {
    const result = edit(text, bytes !== undefined);
    if (result === DELETE) return { text, result };
    if (!holds(format.data(file, result.text), result.expected)) throw cannotEdit(file, "the edited text would not hold exactly your settings plus aigate's");
    return { text, result: result.text };
  } catch (error) {
    if (error instanceof InvalidDocument) throw cannotEdit(file, 'its edit of your text would not parse');
    throw error;
  }
}

/**
 * Changes a TOML, JSON or YAML document through the safe file replacement: the file must be UTF-8
 * (as its format says) and parse, or it is refused untouched; the new text must parse to exactly
 * `expected`, or nothing is written.
 */
export function editDocument(file: string, format: DocumentFormat, edit: DocumentEdit, options: ReplaceOptions = {}): Replaced {
  return replaceFile(
    file,
    (bytes) => {
      const { result } = planned(file, format, edit, bytes);
      return result === DELETE ? DELETE : Buffer.from(result, 'utf8');
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
  const { text, result } = planned(file, format, edit, bytes);
  return { before: text, exists: bytes !== undefined, after: result };
}

export { DELETE };
