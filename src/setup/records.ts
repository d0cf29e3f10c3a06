import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../config/atomic.js';
import { dataDir } from '../config/paths.js';

/**
 * What a setup changed in a file, so that --remove can put back exactly what was there: a key it
 * added (with how its line was inserted), or a value it replaced (with the user's original).
 */
export type Change =
  | { path: string[]; added: true; style?: 'after' | 'before' | 'block'; lead?: string }
  | { path: string[]; added: false; original: unknown };

type Environment = Record<string, string | undefined>;
type Store = Record<string, { created: boolean; changes: Change[] }>;

function storeFile(env: Environment): string {
  return join(dataDir(env), 'setup.json');
}

function writeStore(env: Environment, store: Store): void {
  mkdirSync(dataDir(env), { recursive: true, mode: 0o700 });
  writeFileAtomic(storeFile(env), `${JSON.stringify(store, null, 2)}\n`, 0o600);
}

function readStore(env: Environment): Store {
  try {
    return JSON.parse(readFileSync(storeFile(env), 'utf8'));
  } catch {
    return {};
  }
}

export function recordOf(env: Environment, file: string): { created: boolean; changes: Change[] } | undefined {
  return readStore(env)[file];
}

/**
 * Adds `changes` to what is recorded for `file`. The first record of a path wins: a later setup
 * replaces aigate's own earlier value, and the user's original must survive that.
 */
export function record(env: Environment, file: string, created: boolean, changes: Change[]): void {
  const store = readStore(env);
  const entry = store[file] ?? { created, changes: [] };
  const known = new Set(entry.changes.map((c) => c.path.join('\u0000')));
  entry.changes.push(...changes.filter((c) => !known.has(c.path.join('\u0000'))));
  store[file] = entry;
  writeStore(env, store);
}

export function forget(env: Environment, file: string): void {
  const store = readStore(env);
  delete store[file];
  writeStore(env, store);
}
