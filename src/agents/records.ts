import { join } from 'node:path';
import { dataDir } from '../config/paths.js';
import { readStore, updateStore } from '../edit/store.js';
import { type Change, isObject, setAt, type Tree } from '../edit/verify.js';

/**
 * What `aigate setup` changed in each file, so that `--remove` can take out exactly aigate's keys
 * and put back the user's originals, from the file as it is then.
 */
type Environment = Record<string, string | undefined>;
export interface SetupRecord {
  created: boolean;
  changes: Change[];
  /** The file's text when aigate first wrote into it and it held no data (empty, or only comments): put back as it was. */
  blank?: string;
}
const HOLDS = 'what `aigate setup` changed, for `aigate setup --remove`';

function storeFile(env: Environment): string {
  return join(dataDir(env), 'setup.json');
}

export function recordOf(env: Environment, file: string): SetupRecord | undefined {
  return readStore(storeFile(env), HOLDS)[file] as SetupRecord | undefined;
}

/**
 * Adds `changes` to what is recorded for `file`. The first record of a path wins: a later setup
 * replaces aigate's own earlier value, and the user's original must survive that; what aigate
 * wrote is the latest value. A change inside something aigate added (a key of its own table) is
 * part of that addition: its `wrote` is updated, so that removing it stays one removal.
 */
export function record(env: Environment, file: string, created: boolean, changes: Change[], blank?: string): void {
  updateStore(storeFile(env), HOLDS, (store) => {
    const entry = (store[file] as SetupRecord | undefined) ?? { created, changes: [], ...(blank !== undefined && { blank }) };
    for (const change of changes) {
      const known = entry.changes.find((c) => c.path.join('\u0000') === change.path.join('\u0000'));
      const container = entry.changes.find((c) => c.added && c.path.length < change.path.length && c.path.every((part, i) => part === change.path[i]));
      if (known) known.wrote = change.wrote;
      else if (container && isObject(container.wrote)) {
        const wrote = structuredClone(container.wrote) as Tree;
        setAt(wrote, change.path.slice(container.path.length), change.wrote);
        container.wrote = wrote;
      } else entry.changes.push(change);
    }
    store[file] = entry;
  });
}

export function forget(env: Environment, file: string): void {
  updateStore(storeFile(env), HOLDS, (store) => {
    delete store[file];
  });
}
