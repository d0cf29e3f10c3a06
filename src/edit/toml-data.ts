import { parse, TomlError } from 'smol-toml';
import { InvalidDocument } from '../errors.js';

/**
 * The data of a TOML text, or an error naming file, line and column. The faulty line is not
 * echoed: it may hold a secret. (Kept apart from the editor: `aigate env` needs only this.)
 */
export function tomlData(file: string, text: string): Record<string, unknown> {
  try {
    return parse(text.replace(/^\ufeff/, ''));
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
      throw new InvalidDocument(`${file}:${error.line}:${error.column}: invalid TOML: ${reason}`);
    }
    throw error;
  }
}

/**
 * A TOML basic string. JSON's escapes are all TOML escapes, but JSON leaves DEL (U+007F) raw, which
 * TOML forbids in a string.
 */
export const tomlString = (value: string) => JSON.stringify(value).replaceAll('\x7f', '\\u007F');

/**
 * The position-keeping TOML parser collects a string's characters as arguments of one call, which
 * overflows the stack past about 100 000 of them. Before it sees a text, every long run of
 * characters that can only sit inside a string or comment (no quote, backslash or line break) is
 * cut to one character; `toOriginal` maps an offset of the short text back. Lines stay the same.
 */
export function withShortRuns(text: string): { text: string; toOriginal(offset: number): number } {
  const cuts: Array<{ at: number; removed: number }> = [];
  let removedSoFar = 0;
  const short = text.replace(/[^"'\\\r\n]{20000,}/g, (run, offset: number) => {
    cuts.push({ at: offset - removedSoFar + 1, removed: run.length - 1 });
    removedSoFar += run.length - 1;
    return run[0]!;
  });
  return {
    text: short,
    toOriginal: (offset) => offset + cuts.filter((cut) => cut.at <= offset).reduce((sum, cut) => sum + cut.removed, 0),
  };
}
