import { variableNameProblem } from './validate.js';
import type { VariablePlan } from './variables.js';

/**
 * The variable in which a shell keeps what aigate changed in it: for each name, the value it had
 * before (null: it was unset) and a hash of the value aigate gave it (null: aigate removed it).
 * It lets aigate tell its own exports from the user's (the user's win), and restore on switch or off.
 */
export const STATE_VARIABLE = 'AIGATE_STATE';

/**
 * Below Linux's 128 KiB a variable, past which no program starts, and Windows' 32,767 characters a
 * variable; it is ASCII (base64url), about 45 characters a variable aigate changes.
 */
const MAX_STATE_LENGTH = { win32: 32_000, other: 100_000 };

/** Why a state this large cannot be handed to a shell. */
export function stateSizeProblem(state: string, platform = process.platform): string | undefined {
  const limit = platform === 'win32' ? MAX_STATE_LENGTH.win32 : MAX_STATE_LENGTH.other;
  return state.length > limit ? `${state.length} characters, more than ${limit}: the profile sets or removes too many variables` : undefined;
}

/** `previous` is SAME when it equals the value aigate set: no second copy of a key sits in the state. */
const SAME = 1;
type Entry = [previous: string | null | typeof SAME, applied: string | null];
type Entries = Record<string, Entry>;
type Environment = Record<string, string | undefined>;

export interface EnvChanges {
  set: Array<[name: string, value: string]>;
  unset: string[];
  /** The values among `set` that are secret (the key), for a format that can mask them. */
  secrets?: string[];
}

/**
 * Two 32-bit FNV-1a hashes of the value's UTF-16 units: enough to notice that a user changed it.
 * Not a cryptographic hash, and it need not be: the value itself sits in the same environment.
 * (node:crypto would add milliseconds to every shell start.)
 */
function fingerprint(value: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x01000193) ^ (b >>> 13);
  }
  return (a >>> 0).toString(36) + (b >>> 0).toString(36);
}

const isEntry = (entry: unknown): entry is Entry =>
  Array.isArray(entry) &&
  entry.length === 2 &&
  (entry[0] === null || entry[0] === SAME || typeof entry[0] === 'string') &&
  (entry[1] === null || typeof entry[1] === 'string');

/** The state, or undefined when it is not one aigate wrote (edited, cut short, or from elsewhere). */
function parseState(raw: string): Entries | undefined {
  try {
    const entries = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!entries || typeof entries !== 'object' || Array.isArray(entries)) return undefined;
    if (!Object.entries(entries).every(([name, entry]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && isEntry(entry))) return undefined;
    return entries;
  } catch {
    return undefined;
  }
}

/**
 * A name aigate may restore: one a profile could have made it set. The state is data about aigate's
 * own variables; a forged one naming PROMPT_COMMAND or LD_PRELOAD must not make aigate export it.
 */
const managed = (name: string) => variableNameProblem(name) === undefined;

function readState(env: Environment): Entries {
  const raw = env[STATE_VARIABLE];
  // A state we cannot read is a state we do not trust: everything is taken as the user's.
  const entries = (raw && parseState(raw)) || {};
  return Object.fromEntries(Object.entries(entries).filter(([name]) => managed(name)));
}

/** A warning when the environment holds an AIGATE_STATE that aigate cannot have written. */
export function stateWarning(env: Environment): string | undefined {
  const raw = env[STATE_VARIABLE];
  if (!raw) return undefined;
  const entries = parseState(raw);
  if (!entries) return `warning: ${STATE_VARIABLE} is not one aigate wrote (changed by hand?); it is ignored, and variables aigate set before are taken as yours`;
  const foreign = Object.keys(entries).filter((name) => !managed(name));
  if (!foreign.length) return undefined;
  return `warning: ${STATE_VARIABLE} names ${foreign.join(', ')}, which aigate never sets (forged?); ${foreign.length > 1 ? 'they are' : 'it is'} ignored`;
}

/** True while the variable still holds what aigate left in it. */
function untouchedSinceAigate(env: Environment, name: string, [, applied]: Entry): boolean {
  const current = env[name];
  return applied === null ? current === undefined : current !== undefined && fingerprint(current) === applied;
}

/** The environment as it was before aigate changed it, except where the user has since changed a value. */
export function userEnvironment(env: Environment): Environment {
  const user: Environment = { ...env };
  delete user[STATE_VARIABLE];
  for (const [name, entry] of Object.entries(readState(env))) {
    if (!untouchedSinceAigate(env, name, entry) || entry[0] === SAME) continue;
    if (entry[0] === null) delete user[name];
    else user[name] = entry[0];
  }
  return user;
}

/**
 * The changes that take a shell from `env` to the profile's plan (or, with no plan, back to how the
 * user had it), and the state to store beside them.
 */
export function transition(env: Environment, plan: VariablePlan | undefined): EnvChanges {
  const user = userEnvironment(env);
  const entries: Entries = {};
  const changes: EnvChanges = { set: [], unset: [] };
  for (const { name, value } of plan?.set ?? []) {
    entries[name] = [user[name] === value ? SAME : (user[name] ?? null), fingerprint(value)];
    changes.set.push([name, value]);
  }
  for (const { name } of plan?.unset ?? []) {
    entries[name] = [user[name] ?? null, null];
    changes.unset.push(name);
  }
  for (const name of Object.keys(readState(env))) {
    if (name in entries) continue;
    const restored = user[name];
    if (restored === undefined) changes.unset.push(name);
    else changes.set.push([name, restored]);
  }
  if (plan) changes.set.push([STATE_VARIABLE, Buffer.from(JSON.stringify(entries)).toString('base64url')]);
  else changes.unset.push(STATE_VARIABLE);
  return changes;
}

/**
 * `env` with `changes` applied, as a shell evaluating them would leave it. `caseless`: names are one
 * variable whatever their case (Windows), so a user's `anthropic_api_key` goes with ANTHROPIC_API_KEY
 * and a set leaves no second spelling beside it (a copy of process.env keeps each name's own case).
 */
export function applyChanges(env: Environment, changes: EnvChanges, caseless = false): Environment {
  const next = { ...env };
  const drop = (name: string) => {
    for (const key of caseless ? Object.keys(next).filter((key) => key.toUpperCase() === name.toUpperCase()) : [name]) delete next[key];
  };
  for (const name of changes.unset) drop(name);
  for (const [name, value] of changes.set) {
    drop(name);
    next[name] = value;
  }
  return next;
}
