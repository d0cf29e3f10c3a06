import { isUtf8 } from 'node:buffer';
import { AigateError } from '../errors.js';

/**
 * A file's bytes as a string that can be edited and turned back into exactly the same bytes.
 * aigate only adds and removes ASCII-marked blocks in such files, so it never needs to know what
 * the rest of the bytes mean: Latin-1, UTF-8, Shift-JIS, even invalid sequences all survive.
 */
export interface ByteText {
  /** The file as an editable string; `encode(text)` gives the same bytes back. */
  text: string;
  /** What `value` (ordinary Unicode text aigate adds) looks like inside `text`. */
  inner(value: string): string;
  encode(text: string): Buffer;
  /** The file's encoding, for messages. */
  encoding: 'bytes' | 'UTF-16LE' | 'UTF-16BE';
}

/**
 * Single bytes (each byte one char, Latin-1 being a bijection of 0–255), or UTF-16 when a byte-order
 * mark says so (Windows PowerShell 5.1's `>` writes UTF-16LE): then edited in UTF-16, never mixed.
 * A file with NUL bytes and no such mark is refused: aigate cannot tell where its lines are.
 */
export function byteText(file: string, bytes: Buffer | undefined): ByteText {
  if (bytes && bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const bigEndian = bytes[0] === 0xfe;
    if (bytes.length % 2) throw new AigateError(`${file}: a UTF-16 file with an odd number of bytes (damaged?); aigate changed nothing`);
    const swap = (buffer: Buffer) => (bigEndian ? Buffer.from(buffer).swap16() : buffer);
    return {
      text: swap(bytes).toString('utf16le'),
      inner: (value) => value,
      encode: (text) => swap(Buffer.from(text, 'utf16le')),
      encoding: bigEndian ? 'UTF-16BE' : 'UTF-16LE',
    };
  }
  if (bytes?.includes(0)) {
    throw new AigateError(`${file}: holds NUL bytes without a byte-order mark (UTF-16 without a BOM, or not text); aigate changed nothing: save it as UTF-8 or as UTF-16 with a BOM`);
  }
  return {
    text: bytes ? bytes.toString('latin1') : '',
    inner: (value) => Buffer.from(value, 'utf8').toString('latin1'),
    encode: (text) => Buffer.from(text, 'latin1'),
    encoding: 'bytes',
  };
}

/** The offset of the first byte that does not begin a valid UTF-8 character (only asked once isUtf8 said no). */
function firstInvalidByte(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead < 0xe0 ? 2 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xf0 && lead < 0xf5 ? 4 : 0;
    if (!length || !isUtf8(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return bytes.length;
}

/**
 * The text of a file that must be UTF-8 by its format's own rules (TOML, JSON): anything else is
 * refused untouched with the offset of the first bad byte. A byte-order mark is returned with the text.
 */
export function utf8Text(file: string, bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  const offset = firstInvalidByte(bytes);
  const line = bytes.subarray(0, offset).toString('latin1').split('\n').length;
  throw new AigateError(`${file}:${line}: not valid UTF-8 (byte ${offset}); its format must be UTF-8: convert it (e.g. iconv -t UTF-8), aigate changed nothing`);
}
