import { readFileSync } from 'node:fs';
import { editConfig } from '../config/edit.js';
import { configFile } from '../config/paths.js';
import { parseToml } from '../config/toml.js';
import { AigateError } from '../errors.js';
import { maskKey } from '../profile/mask.js';

/** A dotted key (`profiles.work.claude.opus`) as its parts; only bare TOML keys. */
export function keyPath(key: string): string[] {
  const parts = key.split('.');
  if (!parts.every((part) => /^[A-Za-z0-9_-]+$/.test(part))) throw new AigateError(`"${key}" is not a dotted key of bare names (e.g. profiles.work.claude.opus)`, 2);
  return parts;
}

/** `aigate config get KEY`: the value in config.toml (an api_key masked). */
export function configGetCommand(key: string): void {
  const file = configFile(process.env);
  let value: any;
  try {
    value = parseToml(file, readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AigateError(`${file} does not exist`);
    throw error;
  }
  for (const part of keyPath(key)) value = value?.[part];
  if (value === undefined) throw new AigateError(`${key} is not set in ${file}`);
  const shown = key.endsWith('api_key') && typeof value === 'string' ? maskKey(value) : value;
  process.stdout.write(`${typeof shown === 'string' ? shown : JSON.stringify(shown, null, 2)}\n`);
}

/** `aigate config set KEY VALUE`: one string value, everything else in the file byte for byte. */
export function configSetCommand(key: string, value: string): void {
  const path = keyPath(key);
  const literal = JSON.stringify(value);
  const set = path.length === 1 ? { top: { [path[0]!]: literal } } : { top: {}, table: { path: path.slice(0, -1), values: { [path.at(-1)!]: literal } } };
  const file = editConfig({
    set,
    expect: (data) => {
      let node = data;
      for (const part of path.slice(0, -1)) node = node[part] ??= {};
      node[path.at(-1)!] = value;
      return data;
    },
  });
  process.stdout.write(`aigate: ${key} = ${key.endsWith('api_key') ? maskKey(value) : literal} in ${file}\n`);
}
