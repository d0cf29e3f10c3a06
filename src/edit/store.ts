import { AigateError } from '../errors.js';
import { utf8Text } from './encoding.js';
import { DELETE, readBytes, replaceFile } from './file.js';

/**
 * aigate's own JSON files (the stored keys, trusted projects, setup records, caches): one object
 * each, read whole, changed only under the file's lock, always 0600. A file that does not parse
 * is never overwritten: every command that needs it says so, with the fix.
 */
export type Store = Record<string, unknown>;

/** Entries are looked up by names from outside (profiles, paths): a null-prototype map, so "__proto__" is a name like any other. */
export function parseStore(file: string, bytes: Buffer | undefined, holds: string): Store {
  if (bytes === undefined) return Object.create(null);
  const text = utf8Text(file, bytes);
  try {
    const data = JSON.parse(text);
    if (data && typeof data === 'object' && !Array.isArray(data)) return Object.assign(Object.create(null), data);
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message)?.[1];
    const line = at === undefined ? '' : `:${text.slice(0, Number(at)).split('\n').length}`;
    throw new AigateError(`${file}${line}: not valid JSON, so aigate will not touch it (it holds ${holds}): fix it, or move it away and start over`);
  }
  throw new AigateError(`${file}: not a JSON object, so aigate will not touch it (it holds ${holds}): fix it, or move it away and start over`);
}

export function readStore(file: string, holds: string, options: StoreOptions = {}): Store {
  return parsed(file, readBytes(file), holds, options);
}

export interface StoreOptions {
  /** aigate's own cache, to rebuild: one that does not parse counts as empty and is written anew. */
  cache?: boolean;
}

function parsed(file: string, bytes: Buffer | undefined, holds: string, { cache }: StoreOptions): Store {
  try {
    return parseStore(file, bytes, holds);
  } catch (error) {
    if (cache) return Object.create(null);
    throw error;
  }
}

/** Reads, changes and writes a store under its lock, so that concurrent updates never lose an entry. */
export function updateStore(file: string, holds: string, update: (store: Store) => void, options: StoreOptions = {}): Store {
  let result: Store = {};
  replaceFile(
    file,
    (bytes) => {
      result = parsed(file, bytes, holds, options);
      update(result);
      if (bytes === undefined && !Object.keys(result).length) return DELETE; // nothing to keep: no file
      return Buffer.from(`${JSON.stringify(result, null, 2)}\n`);
    },
    { secret: true },
  );
  return result;
}
