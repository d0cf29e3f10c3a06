import { lstatSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Resolved, resolveFromEnvironment, type Watched } from '../config/load.js';
import { cacheDir, shellCacheFile } from '../config/paths.js';
import { replaceFile } from '../edit/file.js';
import { applyChanges, type EnvChanges, STATE_VARIABLE, transition } from '../profile/state.js';
import { KEY_VARIABLE } from '../profile/variables.js';
import { checkChanges, variableProblem } from '../shells/index.js';
import { AigateError } from '../errors.js';
import type { Shell } from '../shells/types.js';

type Environment = Record<string, string | undefined>;

/** The variables whose values decide the profile, besides the ones it sets; a change to any means "refresh". */
const INPUTS = ['AIGATE_CONFIG', 'XDG_CONFIG_HOME', 'AIGATE_PROFILE', 'AIGATE_BASE_URL', 'AIGATE_MODEL', KEY_VARIABLE, STATE_VARIABLE];
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
 * The cache folder, if this user can use it: made 0700, a real folder (no link) owned by this user.
 * After `su`, XDG_RUNTIME_DIR may still name the other user's folder: then there is no cache, and
 * the integration works without one.
 */
function usableCacheDir(env: Environment): string | undefined {
  const dir = cacheDir(env);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    if (!stat.isDirectory() || (process.getuid && stat.uid !== process.getuid())) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/**
 * What the shell hook evaluates when something changed. On failure it still returns the metadata
 * (with a `_aigate_cached` that changes nothing), so the shell keeps its variables and does not
 * retry at every prompt, only once a watched file or variable changes again.
 */
export async function refresh(shell: Shell, env: Environment, profile: string | undefined): Promise<Refresh> {
  const hook = shell.hook!;
  const dir = usableCacheDir(env);
  // Without a folder for the stamp, the tests never pass and every prompt asks aigate: slower, still right.
  let stamp = '';
  try {
    if (dir) stamp = newStamp(dir);
  } catch {
    // no stamp
  }
  const watched: Watched = { present: [], absent: [] };
  let resolved: Resolved | undefined;
  let changes: EnvChanges = { set: [], unset: [] };
  let error: unknown;
  try {
    resolved = await resolveFromEnvironment(env, { profile }, { key: true, watched });
    changes = transition(env, resolved.plan);
    checkChanges(changes, shell);
  } catch (caught) {
    error = caught;
    changes = { set: [], unset: [] };
  }
  const names = [...new Set([...INPUTS, ...(resolved ? [resolved.profile.apiKeyEnv.value] : []), ...changes.set.map(([n]) => n), ...changes.unset])];
  // Names are spliced into the test functions: each must be a plain variable name (validated where it entered; checked again here).
  const unsafe = names.find((name) => variableProblem(name));
  if (unsafe !== undefined) throw new AigateError(variableProblem(unsafe)!);
  const body = error ? '' : await shell.render(changes, env);
  const facts = { profile: profile ?? '', present: watched.present, absent: watched.absent, stamp };
  const script = [
    hook.fn('_aigate_cached', body),
    // Unchanged since the variables were as aigate found them, or as it left them: either means
    // this result still holds (the first for a new shell, which inherits the variables from before).
    hook.unchanged('_aigate_as_found', { ...facts, values: valuesIn(env, names) }),
    hook.unchanged('_aigate_as_left', { ...facts, values: valuesIn(applyChanges(env, changes), names) }),
    hook.variable('_AIGATE_PROJECT', watched.project ?? ''),
    ...(hook.sameProject ? [hook.sameProject('_aigate_same_project', watched.search)] : []),
  ].map((line) => `${line}\n`).join('');
  if (!error && !env.AIGATE_NO_CACHE && dir) {
    try {
      replaceFile(shellCacheFile(env, shell.name), () => Buffer.from(script), { secret: true });
    } catch {
      // no cache this time: the next shell asks aigate
    }
  }
  return { script, ...(resolved && { resolved }), ...(error !== undefined && { error }) };
}

/** True the first time `notice` is seen in this cache (a login session, under XDG_RUNTIME_DIR). */
export function firstTime(env: Environment, notice: string): boolean {
  const dir = usableCacheDir(env);
  if (!dir) return true;
  const file = join(dir, 'notices');
  const line = Buffer.from(`${notice.replaceAll('\n', ' ')}\n`);
  let first = true;
  try {
    replaceFile(
      file,
      (bytes) => {
        // Lines of text, appended to as bytes: nothing in it can fail to parse.
        first = !bytes || !`\n${bytes.toString('utf8')}`.includes(`\n${line.toString('utf8')}`);
        return first ? Buffer.concat([bytes ?? Buffer.alloc(0), line]) : bytes!;
      },
      { secret: true },
    );
  } catch {
    return true;
  }
  return first;
}
