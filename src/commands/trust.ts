import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { findProjectFile, workingDirectory } from '../config/project.js';
import { parseToml } from '../config/toml.js';
import { contentHash, readTrust, writeTrust } from '../config/trust.js';
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
  const text = readFileSync(file, 'utf8');
  const keys = Object.entries(parseToml(file, text)).flatMap(([key, value]) =>
    key === 'claude' && value && typeof value === 'object' ? Object.keys(value).map((k) => `claude.${k}`) : [key],
  );
  const store = readTrust(process.env);
  store[file] = await contentHash(text);
  writeTrust(process.env, store);
  const allowed = keys.filter((key) => TRUST_REQUIRED.includes(key));
  process.stdout.write(`aigate: trusted ${file}${allowed.length ? ` (it sets ${allowed.join(', ')})` : ''}; editing it withdraws the trust\n`);
}

export function untrustCommand(dir: string | undefined): void {
  const file = projectFileFrom(dir);
  const store = readTrust(process.env);
  if (!(file in store)) {
    process.stdout.write(`aigate: ${file} was not trusted\n`);
    return;
  }
  delete store[file];
  writeTrust(process.env, store);
  process.stdout.write(`aigate: ${file} is no longer trusted\n`);
}
