import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readStore, updateStore } from '../edit/store.js';
import { AigateError } from '../errors.js';
import type { Sourced } from '../profile/types.js';

type Environment = Record<string, string | undefined>;

const SERVICE = 'aigate';
/** How long api_key_command may take: 10 s, or AIGATE_KEY_COMMAND_TIMEOUT seconds. */
const commandTimeoutMs = (env: Environment) => Number(env.AIGATE_KEY_COMMAND_TIMEOUT || 10) * 1000;
const KEYCHAIN_TIMEOUT_MS = 5_000;
const account = (profile: string) => `profile:${profile}`;

/** The credentials file beside config.toml (0600): where keys go when no keychain is usable. */
export function credentialsFile(config: string): string {
  return join(dirname(config), 'credentials.json');
}

const HOLDS = 'the API keys of `aigate login`';

/** Stores (or with no key, removes) a profile's key in the credentials file; false when there was nothing to remove. */
export function storeInCredentials(file: string, profile: string, key: string | undefined): boolean {
  let had = false;
  updateStore(file, HOLDS, (store) => {
    had = profile in store;
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
  const { AsyncEntry } = await import('@napi-rs/keyring');
  return new AsyncEntry(SERVICE, account(profile), { linux: { store: 'secret-service' } });
}

/** The key in the keychain; undefined when there is none or no keychain is usable. */
export async function keychainKey(profile: string): Promise<string | undefined> {
  try {
    return (await (await keychainEntry(profile)).getPassword(AbortSignal.timeout(KEYCHAIN_TIMEOUT_MS))) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Stores (or with no key, deletes) a profile's key in the keychain; throws with the reason when none is usable. */
export async function storeInKeychain(profile: string, key: string | undefined): Promise<boolean> {
  const entry = await keychainEntry(profile);
  if (key === undefined) return entry.deleteCredential(AbortSignal.timeout(KEYCHAIN_TIMEOUT_MS));
  await entry.setPassword(key, AbortSignal.timeout(KEYCHAIN_TIMEOUT_MS));
  return true;
}

/** Runs `api_key_command` through the user's shell; its output is the key and is never shown. */
async function keyFromCommand(command: string, env: Environment): Promise<string> {
  // Loaded here, not at the top: node:child_process (with net and streams) costs every shell start milliseconds.
  const { spawnSync } = await import('node:child_process');
  const shell = process.platform === 'win32' ? (env.ComSpec ?? 'cmd.exe') : env.SHELL || '/bin/sh';
  const result = spawnSync(shell, process.platform === 'win32' ? ['/d', '/s', '/c', command] : ['-c', command], {
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: commandTimeoutMs(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
    throw new AigateError(`api_key_command \`${command}\` did not finish within ${commandTimeoutMs(env) / 1000} s (AIGATE_KEY_COMMAND_TIMEOUT)`);
  }
  if (result.status !== 0) {
    throw new AigateError(`api_key_command \`${command}\` failed (${result.signal ? `killed by ${result.signal}` : `exit status ${result.status}`}); its output is not shown, as it may hold the key`);
  }
  const key = result.stdout.trim();
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
  const fromFile = readStore(file, HOLDS)[profile];
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
