import { editConfig } from '../config/edit.js';
import type { Tree } from '../edit/verify.js';
import { resolveFromEnvironment } from '../config/load.js';
import { configFile } from '../config/paths.js';
import { keyOrigin, storedKey } from '../config/secrets.js';
import { maskKey } from '../profile/mask.js';
import { validateConfig } from '../config/schema.js';
import { readText } from '../edit/file.js';
import { tomlData } from '../edit/toml-data.js';
import { AigateError } from '../errors.js';
import { DEFAULT_PROFILE, DEFAULTS } from '../profile/defaults.js';
import { describeSource } from '../profile/resolve.js';
import { profileNameProblem } from '../profile/validate.js';
import type { ConfigFile, ProfileSettings } from '../profile/types.js';
import { escapeControls } from '../output.js';
import { storeKey } from './login.js';

function readConfig(): ConfigFile {
  const file = configFile(process.env);
  return validateConfig(tomlData(file, readText(file) ?? '')).config;
}

const names = (config: ConfigFile) => [...new Set([DEFAULT_PROFILE, ...Object.keys(config.profiles)])];

/** `aigate profile list`: each profile, the active one marked, its base URL and where its key comes from. */
export async function profileListCommand(): Promise<void> {
  const config = readConfig();
  const active = (await resolveFromEnvironment(process.env, {}, { key: false })).profile.name.value;
  for (const name of names(config)) {
    try {
      const { profile } = await resolveFromEnvironment(process.env, { profile: name }, { key: false });
      const origin =
        profile.key?.source ??
        (await keyOrigin(name, { api_key_command: profile.apiKeyCommand, api_key: profile.apiKeyLiteral }, process.env, configFile(process.env)));
      const key = origin ? describeSource(origin) : 'no key';
      process.stdout.write(`${name === active ? '*' : ' '} ${name}  ${profile.baseUrl.value}  key: ${escapeControls(key)}\n`);
    } catch (error) {
      process.stdout.write(`  ${name}  (${escapeControls((error as Error).message)})\n`);
    }
  }
}

/**
 * `aigate profile add NAME`: a new [profiles.NAME], from another profile's settings and the options.
 * With --from, the key goes too: a key in the keychain or the credentials file is stored again for
 * NAME (one from a variable, api_key_command or api_key comes with the settings).
 */
export async function profileAddCommand(name: string, options: { baseUrl?: string; model?: string; from?: string }): Promise<void> {
  const problem = profileNameProblem(name);
  if (problem) throw new AigateError(problem, 2);
  const config = readConfig();
  if (Object.hasOwn(config.profiles, name)) throw new AigateError(`profile "${name}" exists already`);
  if (options.from && !Object.hasOwn(config.profiles, options.from) && options.from !== DEFAULT_PROFILE) throw new AigateError(`no profile "${options.from}" to copy from`);
  const from: ProfileSettings = structuredClone(options.from && Object.hasOwn(config.profiles, options.from) ? { ...config.profiles[options.from] } : {});
  const settings = { ...from, ...(options.baseUrl && { base_url: options.baseUrl }), ...(options.model && { model: options.model }) };
  // The config editor writes no empty table, and a profile must be in config.toml to be used: one
  // with nothing of its own names the built-in gateway.
  if (!Object.keys(settings).length) settings.base_url = DEFAULTS.base_url;
  const file = editConfig({ set: { profiles: { [name]: settings as Tree } } });
  process.stdout.write(`aigate: added profile "${name}" to ${file}\n`);
  const stored = options.from ? await storedKey(options.from, {}, process.env, file, []) : undefined;
  if (stored) {
    const where = await storeKey(name, stored.value);
    process.stdout.write(`aigate: copied the key ${maskKey(stored.value)} of profile "${options.from}" to "${name}" in ${where}\n`);
    return;
  }
  const { profile } = await resolveFromEnvironment(process.env, { profile: name }, { key: false });
  const origin = profile.key?.source ?? (await keyOrigin(name, { api_key_command: profile.apiKeyCommand, api_key: profile.apiKeyLiteral }, process.env, file));
  if (!origin) process.stderr.write(`aigate: warning: profile "${name}" has no API key yet: aigate login --profile ${name}\n`);
}

/** `aigate profile remove NAME`: its tables in config.toml, and its stored key. */
export async function profileRemoveCommand(name: string): Promise<void> {
  const config = readConfig();
  if (!Object.hasOwn(config.profiles, name)) throw new AigateError(`no profile "${name}" in ${configFile(process.env)}`);
  if ((config.profile ?? DEFAULT_PROFILE) === name) throw new AigateError(`"${name}" is the active profile; choose another first: aigate profile use NAME`);
  const file = editConfig({
    removeTables: ['profiles', name],
    expect: (data) => {
      delete data.profiles[name];
      return data;
    },
  });
  await storeKey(name, undefined);
  process.stdout.write(`aigate: removed profile "${name}" from ${file}, and its stored key\n`);
}

/** `aigate profile use NAME`: the default profile, in config.toml (the shell integration's `aigate use` is per shell). */
export function profileUseCommand(name: string): void {
  const config = readConfig();
  if (!names(config).includes(name)) throw new AigateError(`no profile "${name}"; profiles: ${names(config).join(', ')}`);
  const file = editConfig({ set: { profile: name } });
  process.stdout.write(`aigate: the default profile is now "${name}" (${file})\n`);
}
