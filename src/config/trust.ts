import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AigateError } from '../errors.js';
import { writeFileAtomic } from './atomic.js';
import { readIfExists } from './files.js';
import { dataDir } from './paths.js';

type Environment = Record<string, string | undefined>;
/** Project file path → sha256 of the content that was trusted: an edit needs a new `aigate trust`. */
type TrustStore = Record<string, string>;

export function trustFile(env: Environment): string {
  return join(dataDir(env), 'trust.json');
}

export async function contentHash(text: string): Promise<string> {
  // node:crypto only here: it costs milliseconds to load, and most shells have no project file.
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(text).digest('hex');
}

/** The trust store; `text` when the caller has read the file already (undefined: there is none). */
export function readTrust(env: Environment, text = readIfExists(trustFile(env))): TrustStore {
  const file = trustFile(env);
  if (text === undefined) return {};
  try {
    const store = JSON.parse(text);
    return store && typeof store === 'object' && !Array.isArray(store) ? store : {};
  } catch {
    throw new AigateError(`${file}: not valid JSON; fix it or delete it (then trust your projects again)`);
  }
}

export function writeTrust(env: Environment, store: TrustStore): void {
  const file = trustFile(env);
  mkdirSync(dataDir(env), { recursive: true, mode: 0o700 });
  writeFileAtomic(file, `${JSON.stringify(store, null, 2)}\n`, 0o600);
}
