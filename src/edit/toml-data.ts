import { parse, TomlError } from 'smol-toml';
import { AigateError } from '../errors.js';

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
      throw new AigateError(`${file}:${error.line}:${error.column}: invalid TOML: ${reason}`);
    }
    throw error;
  }
}

/**
 * A TOML basic string. JSON's escapes are all TOML escapes, but JSON leaves DEL (U+007F) raw, which
 * TOML forbids in a string.
 */
export const tomlString = (value: string) => JSON.stringify(value).replaceAll('\x7f', '\\u007F');
