import { read } from 'read';
import { resolveFromEnvironment } from '../config/load.js';
import { configFile } from '../config/paths.js';
import { credentialsFile, KEYCHAIN_NAME, storeInCredentials, storeInKeychain } from '../config/secrets.js';
import { AigateError } from '../errors.js';
import { explainFailure, explainResponse } from '../gateway/explain.js';
import { NetworkFailure, request } from '../gateway/http.js';
import { maskKey } from '../profile/mask.js';
import { treatAsSecret } from '../output.js';
import { keyProblem } from '../profile/validate.js';

export interface LoginOptions {
  profile?: string;
  stdin?: boolean;
  verify?: boolean;
}

/** A prompt; Ctrl-C there ends the command like Ctrl-C anywhere (status 130), with nothing stored. */
async function ask(options: Parameters<typeof read>[0]): Promise<string> {
  try {
    return String(await read(options));
  } catch (error) {
    if ((error as Error).message === 'canceled') {
      process.stderr.write('\n');
      throw new AigateError('canceled; nothing was stored', 130);
    }
    throw error;
  }
}

async function readKey(options: LoginOptions, profile: string): Promise<string> {
  if (process.stdin.isTTY && !options.stdin) {
    return (await ask({ prompt: `AIGate API key for profile "${profile}" (hidden): `, silent: true, replace: '' })).trim();
  }
  return stdinLine();
}

/** The first line of standard input, trimmed: a key given through a pipe. */
export async function stdinLine(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return (text.split(/\r?\n/)[0] ?? '').trim();
}

/**
 * Stores the key in the system keychain, or where there is none (a server, a container, CI) in a
 * 0600 file beside config.toml, and says which. Returns a description of where it went.
 */
export async function storeKey(profile: string, key: string | undefined): Promise<string> {
  try {
    await storeInKeychain(profile, key);
    return KEYCHAIN_NAME;
  } catch (error) {
    const file = credentialsFile(configFile(process.env));
    storeInCredentials(file, profile, key);
    // Windows has no file modes: %APPDATA% is the user's own (its access list), as the keychain would be.
    const guarded = process.platform === 'win32' ? 'in your user profile' : 'mode 0600';
    return `${file} (${guarded}; no usable keychain here: ${(error as Error).message.split('\n')[0]})`;
  }
}

/** `aigate login`: takes the key once, checks it with the gateway, keeps it where the OS keeps secrets. */
export async function loginCommand(options: LoginOptions): Promise<void> {
  const { profile } = await resolveFromEnvironment(process.env, { profile: options.profile }, { key: false });
  const name = profile.name.value;
  const key = await readKey(options, name);
  if (!key) throw new AigateError('no key given; nothing stored');
  treatAsSecret(key);
  const problem = keyProblem(key);
  if (problem) throw new AigateError(`${problem}; nothing stored`);
  if (options.verify !== false) {
    const { problem, unreachable } = await checkKey(profile.baseUrl.value, key);
    if (problem) throw new AigateError(`${problem}; the key was not stored`);
    if (unreachable) {
      const confirmed = process.stdin.isTTY && !options.stdin && /^y(es)?$/i.test(await ask({ prompt: `${unreachable}. Store the key anyway? [y/N] ` }));
      if (!confirmed) throw new AigateError(`${unreachable}; the key was not stored (to store it unchecked: aigate login --no-verify)`);
    }
  }
  await saveKey(name, key);
}

/**
 * What the gateway at `baseUrl` (ending in /v1) says of `key`: `problem` when it refuses it (or is
 * no gateway), `unreachable` when no answer came; neither when it takes it. The key is treated as
 * a secret from here on.
 */
export async function checkKey(baseUrl: string, key: string): Promise<{ problem?: string; unreachable?: string }> {
  treatAsSecret(key);
  const malformed = keyProblem(key);
  if (malformed) return { problem: malformed };
  try {
    const response = await request(`${baseUrl}/models`, { headers: { authorization: `Bearer ${key}` }, timeoutMs: 15_000 });
    const problem = explainResponse(response, { key: maskKey(key), secret: key });
    return problem ? { problem } : {};
  } catch (error) {
    if (!(error instanceof NetworkFailure)) throw error;
    return { unreachable: explainFailure(error, 15) };
  }
}

/** Stores the key where `aigate login` keeps it, and says where (the key masked). */
export async function saveKey(profile: string, key: string): Promise<void> {
  const where = await storeKey(profile, key);
  process.stdout.write(`aigate: stored the key ${maskKey(key)} for profile "${profile}" in ${where}\n`);
}

/** `aigate logout`: removes the profile's stored key from wherever it is. */
export async function logoutCommand(options: { profile?: string }): Promise<void> {
  const { profile } = await resolveFromEnvironment(process.env, { profile: options.profile }, { key: false }).catch(() => ({ profile: undefined }));
  const name = options.profile ?? profile?.name.value ?? 'default';
  const removed: string[] = [];
  try {
    if (await storeInKeychain(name, undefined)) removed.push(KEYCHAIN_NAME);
  } catch {
    // no keychain here: nothing stored there
  }
  const file = credentialsFile(configFile(process.env));
  if (storeInCredentials(file, name, undefined)) removed.push(file);
  process.stdout.write(removed.length ? `aigate: removed the key of profile "${name}" from ${removed.join(' and ')}\n` : `aigate: no stored key for profile "${name}"\n`);
}
