import { join } from 'node:path';
import { readBytes } from '../edit/file.js';
import { parseStore, updateStore } from '../edit/store.js';
import { dataDir } from './paths.js';

type Environment = Record<string, string | undefined>;
/** Project file path → sha256 of the content that was trusted: an edit needs a new `aigate trust`. */
type TrustStore = Record<string, string>;
const HOLDS = 'the project files you trusted';

export function trustFile(env: Environment): string {
  return join(dataDir(env), 'trust.json');
}

export async function contentHash(text: string): Promise<string> {
  // node:crypto only here: it costs milliseconds to load, and most shells have no project file.
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(text).digest('hex');
}

/** The trust store; `bytes` when the caller has read the file already (undefined: there is none). */
export function readTrust(env: Environment, bytes = readBytes(trustFile(env))): TrustStore {
  return parseStore(trustFile(env), bytes, HOLDS) as TrustStore;
}

/** Changes the trust store under its lock. */
export function updateTrust(env: Environment, update: (store: TrustStore) => void): void {
  updateStore(trustFile(env), HOLDS, (store) => update(store as TrustStore));
}
