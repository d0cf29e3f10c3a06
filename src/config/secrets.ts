import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readStore, updateStore } from '../edit/store.js';
import { DeadlinePassed, withDeadline } from '../deadline.js';
import { AigateError } from '../errors.js';
import type { Source, Sourced } from '../profile/types.js';

type Environment = Record<string, string | undefined>;

const SERVICE = 'aigate';
/** How long api_key_command may take: 10 s, or AIGATE_KEY_COMMAND_TIMEOUT seconds. */
const commandTimeoutMs = (env: Environment) => Number(env.AIGATE_KEY_COMMAND_TIMEOUT || 10) * 1000;
/**
 * How long the keychain may take. Its native call cannot be cancelled once it runs (a D-Bus peer that
 * accepts and never answers, a wedged keyring): past this, aigate goes on without it.
 */
const KEYCHAIN_DEADLINE_MS = 3_000;
const account = (profile: string) => `profile:${profile}`;

/** The keychain of this system, named as its users know it (where `login` says it stored the key). */
export const KEYCHAIN_NAME = ({ win32: 'Windows Credential Manager', darwin: 'the macOS Keychain' } as Record<string, string>)[process.platform] ?? 'the Secret Service (the desktop keychain)';

/** The credentials file beside config.toml (0600): where keys go when no keychain is usable. */
export function credentialsFile(config: string): string {
  return join(dirname(config), 'credentials.json');
}

const HOLDS = 'the API keys of `aigate login`';

/** Stores (or with no key, removes) a profile's key in the credentials file; false when there was nothing to remove. */
export function storeInCredentials(file: string, profile: string, key: string | undefined): boolean {
  let had = false;
  updateStore(file, HOLDS, (store) => {
    had = Object.hasOwn(store, profile);
    if (key === undefined) delete store[profile];
    else store[profile] = key;
  });
  return key !== undefined || had;
}

/**
 * The OS keychain entry of a profile (macOS Keychain, Windows Credential Manager, Linux Secret
 * Service; never Linux's kernel keyring, which forgets at reboot). Loaded only when needed; a locked
 * keychain that would wait on a password dialog times out instead.
 */
async function keychainEntry(profile: string) {
  // On Linux the Secret Service is reached through the session bus only (autolaunch is disabled):
  // without one, say so at once instead of loading the native module (about 90 ms) to learn it.
  if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS) throw new Error('no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set), so no Secret Service');
  if (process.platform === 'linux' && !(await busAnswers(process.env.DBUS_SESSION_BUS_ADDRESS!))) throw new Error('the D-Bus session bus does not answer, so no Secret Service');
  let keyring: typeof import('@napi-rs/keyring');
  try {
    keyring = await import('@napi-rs/keyring');
  } catch {
    // Its platform binary is an optional dependency, which an install can leave out (npm's own advice
    // in the library's error is about npm, not about the key).
    throw new Error(`the keychain library has no binary for ${process.platform}-${process.arch} here (reinstalling aigate with npm fetches it)`);
  }
  const { AsyncEntry } = keyring;
  return new AsyncEntry(SERVICE, account(profile), { linux: { store: 'secret-service' } });
}

/**
 * Whether the session bus at `address` answers the first step of a D-Bus greeting, within a
 * deadline. The keyring library connects to the bus synchronously when an entry is made: a peer
 * that accepts and never answers would hold aigate (and the shell starting it) beyond any timer.
 * Only unix sockets are asked; another transport is left to the library.
 */
async function busAnswers(address: string, ms = 1_500): Promise<boolean> {
  const first = address.split(';')[0]!;
  const [transport, parameters = ''] = first.split(/:(.*)/s);
  const options = Object.fromEntries(parameters.split(',').map((pair) => pair.split(/=(.*)/s) as [string, string]));
  const path = transport === 'unix' ? (options.path ?? (options.abstract !== undefined ? `\0${options.abstract}` : undefined)) : undefined;
  if (path === undefined) return true;
  const { connect } = await import('node:net');
  const uid = String(process.getuid?.() ?? 0);
  return new Promise<boolean>((resolve) => {
    const socket = connect({ path: decodeURIComponent(path) });
    const done = (answered: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answered);
    };
    const timer = setTimeout(() => done(false), ms);
    socket.once('connect', () => socket.write(`\0AUTH EXTERNAL ${Buffer.from(uid).toString('hex')}\r\n`));
    socket.once('data', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The key in the keychain; undefined when there is none or no keychain is usable. */
export async function keychainKey(profile: string): Promise<string | undefined> {
  try {
    return (await withDeadline((await keychainEntry(profile)).getPassword(), KEYCHAIN_DEADLINE_MS)) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Stores (or with no key, deletes) a profile's key in the keychain; throws with the reason when none is usable. */
export async function storeInKeychain(profile: string, key: string | undefined): Promise<boolean> {
  const entry = await keychainEntry(profile);
  if (key === undefined) return withDeadline(entry.deleteCredential(), KEYCHAIN_DEADLINE_MS);
  await withDeadline(entry.setPassword(key), KEYCHAIN_DEADLINE_MS);
  return true;
}

/**
 * Runs `api_key_command` through the user's shell; its output is the key and is never shown. It is
 * done when the command exits: a background process it left holding its output (an agent, a
 * daemon it started) must not hold aigate up.
 */
async function keyFromCommand(command: string, env: Environment): Promise<string> {
  // Loaded here, not at the top: node:child_process (with net and streams) costs every shell start milliseconds.
  const { spawn } = await import('node:child_process');
  const shell = process.platform === 'win32' ? (env.ComSpec ?? 'cmd.exe') : env.SHELL || '/bin/sh';
  // Windows: cmd /d /s /c "COMMAND", verbatim, as Node's own shell option runs it (/s takes off the
  // outer quotes only, so a command starting with a quoted program path keeps its own).
  const child = spawn(shell, process.platform === 'win32' ? ['/d', '/s', '/c', `"${command}"`] : ['-c', command], {
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
    ...(process.platform === 'win32' && { windowsVerbatimArguments: true }),
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.resume(); // read and dropped: it may hold the key
  const ended = new Promise<void>((resolve) => child.stdout.once('end', resolve));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const seconds = commandTimeoutMs(env) / 1000;
  let result: { code: number | null; signal: NodeJS.Signals | null };
  try {
    result = await withDeadline(exited, seconds * 1000);
  } catch (error) {
    child.kill('SIGKILL');
    if (error instanceof DeadlinePassed) throw new AigateError(`api_key_command \`${command}\` did not finish within ${seconds} s (AIGATE_KEY_COMMAND_TIMEOUT)`);
    throw new AigateError(`api_key_command \`${command}\` could not start ${shell}: ${(error as Error).message}`);
  }
  // What it printed before exiting is in the pipe: read it, without waiting for a pipe a leftover process keeps open.
  let grace: NodeJS.Timeout | undefined;
  await Promise.race([ended, new Promise((resolve) => (grace = setTimeout(resolve, 200)))]);
  clearTimeout(grace);
  child.stdout.destroy();
  child.stderr.destroy();
  if (result.code !== 0) {
    throw new AigateError(`api_key_command \`${command}\` failed (${result.signal ? `killed by ${result.signal}` : `exit status ${result.code}`}); its output is not shown, as it may hold the key`);
  }
  const key = output.trim();
  if (!key) throw new AigateError(`api_key_command \`${command}\` printed nothing`);
  return key;
}

/**
 * The key when no variable holds it, from the stores below the variables, highest first:
 * api_key_command, the keychain, the credentials file, a literal api_key in config.toml.
 */
export async function storedKey(
  profile: string,
  settings: { api_key_command?: Sourced<string>; api_key?: Sourced<string> },
  env: Environment,
  config: string,
  warnings: string[],
): Promise<Sourced<string> | undefined> {
  if (settings.api_key_command) {
    const command = settings.api_key_command.value;
    return { value: await keyFromCommand(command, env), source: { kind: 'command', command } };
  }
  const fromKeychain = await keychainKey(profile);
  if (fromKeychain) return { value: fromKeychain, source: { kind: 'keychain', profile } };
  const file = credentialsFile(config);
  const store = readStore(file, HOLDS);
  const fromFile = Object.hasOwn(store, profile) ? store[profile] : undefined;
  if (typeof fromFile === 'string' && fromFile) return { value: fromFile, source: { kind: 'credentials', file } };
  if (settings.api_key) {
    const mode = statSync(config).mode;
    if (process.platform !== 'win32' && mode & 0o077) {
      throw new AigateError(`${config} holds api_key but others can read it (mode ${(mode & 0o777).toString(8)}): run \`chmod 600 ${config}\`, or better, \`aigate login\` and remove api_key`);
    }
    warnings.push(`warning: ${config} holds the API key in plain text; \`aigate login\` keeps it in the system keychain instead`);
    return settings.api_key;
  }
  return undefined;
}

/**
 * Where a profile's key would come from, without running api_key_command (for listings: a command
 * may be slow, prompt, or fail, and the key itself is not needed).
 */
export async function keyOrigin(
  profile: string,
  settings: { api_key_command?: Sourced<string>; api_key?: Sourced<string> },
  env: Environment,
  config: string,
): Promise<Source | undefined> {
  if (settings.api_key_command) return { kind: 'command', command: settings.api_key_command.value };
  return (await storedKey(profile, { ...(settings.api_key && { api_key: settings.api_key }) }, env, config, []))?.source;
}
