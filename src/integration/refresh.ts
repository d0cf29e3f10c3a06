import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../config/atomic.js';
import { type Resolved, resolveFromEnvironment, type Watched } from '../config/load.js';
import { cacheDir } from '../config/paths.js';
import { applyChanges, type EnvChanges, STATE_VARIABLE, transition } from '../profile/state.js';
import { checkChanges } from '../shells/index.js';
import type { Shell } from '../shells/types.js';

type Environment = Record<string, string | undefined>;

/** The variables whose values decide the profile, besides the ones it sets; a change to any means "refresh". */
const INPUTS = ['AIGATE_CONFIG', 'XDG_CONFIG_HOME', 'AIGATE_PROFILE', 'AIGATE_BASE_URL', 'AIGATE_MODEL', 'AIGATE_API_KEY', STATE_VARIABLE];
const STAMP_LIFETIME_MS = 24 * 3600 * 1000;

export interface Refresh {
  /** Code for the shell: defines `_aigate_cached` (the changes) and the hook's metadata. */
  script: string;
  resolved?: Resolved;
  error?: unknown;
}

/** Each name with its value in `env` (absent: empty, as for the resolver). */
function valuesIn(env: Environment, names: readonly string[]): Array<[string, string]> {
  return names.map((name) => [name, env[name] ?? '']);
}

/**
 * A file whose modification time marks this refresh: a watched file newer than it has changed since.
 * Made before anything is read, so an edit made while reading counts as newer. Old stamps are
 * removed; a shell whose stamp is gone simply refreshes once.
 */
function newStamp(dir: string): string {
  const stamps = join(dir, 'stamps');
  mkdirSync(stamps, { recursive: true, mode: 0o700 });
  const now = Date.now();
  for (const name of readdirSync(stamps)) {
    const file = join(stamps, name);
    if (now - (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? now) > STAMP_LIFETIME_MS) rmSync(file, { force: true });
  }
  const stamp = join(stamps, `${process.pid}-${now}`);
  writeFileSync(stamp, '', { mode: 0o600 });
  return stamp;
}

/**
 * What the shell hook evaluates when something changed. On failure it still returns the metadata
 * (with a `_aigate_cached` that changes nothing), so the shell keeps its variables and does not
 * retry at every prompt, only once a watched file or variable changes again.
 */
export async function refresh(shell: Shell, env: Environment, profile: string | undefined): Promise<Refresh> {
  const hook = shell.hook!;
  const dir = cacheDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stamp = newStamp(dir);
  const watched: Watched = { present: [], absent: [] };
  let resolved: Resolved | undefined;
  let changes: EnvChanges = { set: [], unset: [] };
  let error: unknown;
  try {
    resolved = await resolveFromEnvironment(env, { profile }, watched);
    changes = transition(env, resolved.plan);
    checkChanges(changes);
  } catch (caught) {
    error = caught;
    changes = { set: [], unset: [] };
  }
  const names = [...new Set([...INPUTS, ...(resolved ? [resolved.profile.apiKeyEnv.value] : []), ...changes.set.map(([n]) => n), ...changes.unset])];
  const body = error ? (shell.name === 'fish' ? '' : ':\n') : await shell.render(changes);
  const facts = { profile: profile ?? '', present: watched.present, absent: watched.absent, stamp };
  const script = [
    hook.fn('_aigate_cached', body),
    // Unchanged since the variables were as aigate found them, or as it left them: either means
    // this result still holds (the first for a new shell, which inherits the variables from before).
    hook.unchanged('_aigate_as_found', { ...facts, values: valuesIn(env, names) }),
    hook.unchanged('_aigate_as_left', { ...facts, values: valuesIn(applyChanges(env, changes), names) }),
    hook.variable('_AIGATE_PROJECT', watched.project ?? ''),
  ].map((line) => `${line}\n`).join('');
  if (!error && !env.AIGATE_NO_CACHE) writeFileAtomic(join(dir, `env.${shell.name}`), script, 0o600);
  return { script, ...(resolved && { resolved }), ...(error !== undefined && { error }) };
}

/** True the first time `notice` is seen in this cache (a login session, under XDG_RUNTIME_DIR). */
export function firstTime(env: Environment, notice: string): boolean {
  const file = join(cacheDir(env), 'notices');
  let seen: string[] = [];
  try {
    seen = readFileSync(file, 'utf8').split('\n');
  } catch {
    // none yet
  }
  if (seen.includes(notice)) return false;
  writeFileAtomic(file, [...seen.filter(Boolean), notice].join('\n') + '\n', 0o600);
  return true;
}
