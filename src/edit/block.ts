import { AigateError } from '../errors.js';

/**
 * A marked block that aigate adds to a file it otherwise leaves alone (a shell's startup file):
 * added once at the end, in the file's own line ending, and removed so that the file is as it was.
 * The text is whatever `byteText` made of the file; the markers are ASCII, so they read the same in it.
 */
const BEGIN = '# >>> aigate >>>';
const END = '# <<< aigate <<<';
const COMMENT = '# Added by `aigate install`; `aigate uninstall` removes it.';
/** Recorded on the begin marker, so that removing the block restores the file byte for byte. */
const ADDED_NEWLINE = ' (a newline was added before this block)';
const CREATED_FILE = ' (this file was created by aigate install)';

interface Block {
  start: number;
  end: number;
  header: string;
}

const lineNumber = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/**
 * aigate's block in `text`: the only begin marker, the comment below it, then the only end marker.
 * Markers count at the start of a line. Anything else with a marker in it (a lone or doubled
 * marker, a block whose comment is gone) is damaged: refused with its line, never guessed at.
 */
function findBlock(file: string, text: string): Block | undefined {
  // At the start of a line, or of the file after its byte-order mark (UTF-16's, or UTF-8's as bytes).
  const markers = [...text.matchAll(/(?<=^|\n|^\ufeff|^\u00ef\u00bb\u00bf)# (?:>>>|<<<) aigate (?:>>>|<<<)[^\n]*/g)];
  if (!markers.length) return undefined;
  const begins = markers.filter((m) => m[0].startsWith(BEGIN));
  const ends = markers.filter((m) => m[0].replace(/\r$/, '') === END);
  const begin = begins[0];
  const end = ends[0];
  const commentAt = begin && text.indexOf('\n', begin.index) + 1;
  const damaged =
    begins.length !== 1 || ends.length !== 1 || markers.length !== 2 || end!.index < begin!.index || !text.startsWith(COMMENT, commentAt);
  if (damaged) {
    const first = (begin ?? end ?? markers[0])!;
    throw new AigateError(
      `${file}:${lineNumber(text, first.index)}: the aigate block is damaged (a marker without its partner, or the block edited); aigate changed nothing: remove the lines from "${BEGIN}" to "${END}" yourself, then run it again`,
    );
  }
  let stop = end!.index + END.length;
  if (text.startsWith('\r\n', stop)) stop += 2;
  else if (text[stop] === '\n') stop += 1;
  const headerEnd = text.indexOf('\n', begin!.index);
  return { start: begin!.index, end: stop, header: text.slice(begin!.index, headerEnd < 0 ? undefined : headerEnd).replace(/\r$/, '') };
}

function block(lines: string[], flags: string, eol: string): string {
  return [`${BEGIN}${flags}`, COMMENT, ...lines, END].map((line) => line + eol).join('');
}

/**
 * `text` with the block holding `lines` (a file that does not exist: undefined). The block is added
 * once, at the end, in the file's own line ending; an existing block is replaced where it stands.
 */
export function withBlock(file: string, text: string | undefined, lines: string[]): string {
  if (text === undefined) return block(lines, CREATED_FILE, '\n');
  const existing = findBlock(file, text);
  if (existing) {
    const eol = text.slice(existing.start, existing.end).includes('\r\n') ? '\r\n' : '\n';
    return text.slice(0, existing.start) + block(lines, existing.header.slice(BEGIN.length), eol) + text.slice(existing.end);
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  // A byte-order mark alone (UTF-16's, or UTF-8's as bytes) is an empty file for this purpose.
  const needsNewline = !/^(?:\ufeff|\u00ef\u00bb\u00bf)?$/.test(text) && !text.endsWith('\n');
  return text + (needsNewline ? eol : '') + block(lines, needsNewline ? ADDED_NEWLINE : '', eol);
}

/**
 * `text` without the block, as it was before; undefined when aigate created the file and nothing
 * else is in it. The newline aigate added before the block goes only when nothing follows the block:
 * otherwise it now ends a line of the user's, and removing it would join two lines.
 */
export function withoutBlock(file: string, text: string): string | undefined {
  const existing = findBlock(file, text);
  if (!existing) return text;
  let before = text.slice(0, existing.start);
  const after = text.slice(existing.end);
  // Exactly the line ending aigate added: the block's own (a lone \r before it is the user's).
  const eol = text.slice(existing.start, existing.end).includes('\r\n') ? '\r\n' : '\n';
  if (existing.header.includes(ADDED_NEWLINE) && after === '' && before.endsWith(eol)) before = before.slice(0, -eol.length);
  const rest = before + after;
  return existing.header.includes(CREATED_FILE) && rest === '' ? undefined : rest;
}

/** Why the block in `text` cannot be edited (a lone or doubled marker, an edited block), or undefined. */
export function blockDamage(file: string, text: string): string | undefined {
  try {
    findBlock(file, text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

export function hasBlock(file: string, text: string | undefined): boolean {
  try {
    return text !== undefined && findBlock(file, text) !== undefined;
  } catch {
    return true; // a damaged block is still aigate's doing
  }
}
