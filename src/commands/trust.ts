import { resolve } from 'node:path';
import { findProjectFile, workingDirectory } from '../config/project.js';
import { tomlData } from '../edit/toml-data.js';
import { readText } from '../edit/file.js';
import { contentHash, updateTrust } from '../config/trust.js';
import { AigateError } from '../errors.js';
import { TRUST_REQUIRED } from '../profile/resolve.js';

function projectFileFrom(dir: string | undefined): string {
  const start = dir ? resolve(dir) : workingDirectory(process.env);
  const file = findProjectFile(start);
  if (!file) throw new AigateError(`no .aigate.toml in ${start} or above`);
  return file;
}

/**
 * `aigate trust [DIR]`: lets the nearest .aigate.toml set what could redirect the key or run a
 * command. Bound to the file's content: after an edit, it must be trusted again.
 */
export async function trustCommand(dir: string | undefined): Promise<void> {
  const file = projectFileFrom(dir);
  const text = readText(file) ?? '';
  const keys = Object.entries(tomlData(file, text)).flatMap(([key, value]) =>
    key === 'claude' && value && typeof value === 'object' ? Object.keys(value).map((k) => `claude.${k}`) : [key],
  );
  const hash = await contentHash(text);
  updateTrust(process.env, (store) => {
    store[file] = hash;
  });
  const allowed = keys.filter((key) => TRUST_REQUIRED.includes(key));
  process.stdout.write(`aigate: trusted ${file}${allowed.length ? ` (it sets ${allowed.join(', ')})` : ''}; editing it withdraws the trust\n`);
}

export function untrustCommand(dir: string | undefined): void {
  const file = projectFileFrom(dir);
  let trusted = false;
  updateTrust(process.env, (store) => {
    trusted = Object.hasOwn(store, file);
    delete store[file];
  });
  if (!trusted) {
    process.stdout.write(`aigate: ${file} was not trusted\n`);
    return;
  }
  process.stdout.write(`aigate: ${file} is no longer trusted\n`);
}
