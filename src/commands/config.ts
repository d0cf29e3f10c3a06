import { editConfig } from '../config/edit.js';
import { isObject, setAt, type Tree, valueAt } from '../edit/verify.js';
import { escapeControls, terminalJson } from '../output.js';
import { configFile } from '../config/paths.js';
import { configKeyProblem } from '../config/schema.js';
import { readText } from '../edit/file.js';
import { tomlData } from '../edit/toml-data.js';
import { AigateError } from '../errors.js';
import { maskKey } from '../profile/mask.js';

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
  if (text === undefined) throw new AigateError(`${file} does not exist`);
  const value = valueAt(tomlData(file, text), keyPath(key));
  if (value === undefined) throw new AigateError(`${key} is not set in ${file}`);
  // A literal api_key is masked wherever it sits in what is shown, a whole table included.
  const masked = (node: unknown, name: string | undefined): unknown =>
    name === 'api_key' && typeof node === 'string' ? maskKey(node) : isObject(node) ? Object.fromEntries(Object.entries(node).map(([k, v]) => [k, masked(v, k)])) : node;
  const shown = masked(value, keyPath(key).at(-1));
  process.stdout.write(`${typeof shown === 'string' ? escapeControls(shown) : terminalJson(shown)}\n`);
}

/** `aigate config set KEY VALUE`: one string value, everything else in the file byte for byte. */
export function configSetCommand(key: string, value: string): void {
  const path = keyPath(key);
  const set: Tree = {};
  setAt(set, path, value);
  const file = editConfig({ set });
  process.stdout.write(`aigate: ${key} = ${key.endsWith('api_key') ? maskKey(value) : JSON.stringify(value)} in ${file}\n`);
}
