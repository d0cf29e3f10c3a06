import { editConfig } from '../config/edit.js';
import { isObject, setAt, type Tree, valueAt } from '../edit/verify.js';
import { escapeControls, terminalJson } from '../output.js';
import { configFile } from '../config/paths.js';
import { configKeyProblem } from '../config/schema.js';
import { readText } from '../edit/file.js';
import { tomlData } from '../edit/toml-data.js';
import { AigateError } from '../errors.js';
import { maskKey } from '../profile/mask.js';
import { DEFAULT_PROFILE, DEFAULTS } from '../profile/defaults.js';

/** A dotted key (`profiles.work.claude.opus`) as its parts; only bare TOML keys. */
export function keyPath(key: string): string[] {
  const parts = key.split('.');
  if (!parts.every((part) => /^[A-Za-z0-9_-]+$/.test(part))) throw new AigateError(`"${key}" is not a dotted key of bare names (e.g. profiles.work.claude.opus)`, 2);
  const problem = configKeyProblem(parts);
  if (problem) throw new AigateError(problem, 2);
  return parts;
}

/** `aigate config get KEY`: the value in config.toml (an api_key masked). */
export function configGetCommand(key: string): void {
  const file = configFile(process.env);
  const text = readText(file);
  const path = keyPath(key);
  let value = text === undefined ? undefined : valueAt(tomlData(file, text), path);
  if (value === undefined) {
    // Unset: what applies instead, said to be the default on stderr, so that $(aigate config get …) is the value.
    value = builtInDefault(path);
    if (value === undefined) throw new AigateError(text === undefined ? `${file} does not exist` : `${key} is not set in ${file}`);
    process.stderr.write(`aigate: ${key} is not set in ${file}${text === undefined ? ' (no such file)' : ''}; this is the built-in default\n`);
  }
  // A literal api_key is masked wherever it sits in what is shown, a whole table included.
  const masked = (node: unknown, name: string | undefined): unknown =>
    name === 'api_key' && typeof node === 'string' ? maskKey(node) : isObject(node) ? Object.fromEntries(Object.entries(node).map(([k, v]) => [k, masked(v, k)])) : node;
  const shown = masked(value, path.at(-1));
  process.stdout.write(`${typeof shown === 'string' ? escapeControls(shown) : terminalJson(shown)}\n`);
}

/** What an unset key means: `profile` and a profile's keys have built-in defaults. */
function builtInDefault(path: string[]): unknown {
  if (path.length === 1 && path[0] === 'profile') return DEFAULT_PROFILE;
  return path[0] === 'profiles' && path.length > 2 ? valueAt(DEFAULTS as unknown as Tree, path.slice(2)) : undefined;
}

/** `aigate config set KEY VALUE`: one string value, everything else in the file byte for byte. */
export function configSetCommand(key: string, value: string): void {
  const path = keyPath(key);
  const set: Tree = {};
  setAt(set, path, value);
  const file = editConfig({ set });
  process.stdout.write(`aigate: ${key} = ${key.endsWith('api_key') ? maskKey(value) : JSON.stringify(value)} in ${file}\n`);
}
