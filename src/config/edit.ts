import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { readIfExists } from './files.js';
import { AigateError } from '../errors.js';
import { applyToml, tomlData, type TomlTarget, withoutTables } from '../setup/toml-file.js';
import { sameData } from '../setup/verify.js';
import { writeFileAtomic } from './atomic.js';
import { configFile } from './paths.js';
import { validateConfig } from './schema.js';

export type ConfigEdit = { set: TomlTarget; expect: (data: any) => unknown } | { removeTables: string[]; expect: (data: any) => unknown };

/**
 * Changes config.toml keeping every comment and byte of the user's: the edit splices text, the
 * result must parse to what `expect` says and still be a valid config; the first change keeps a
 * backup, the write is atomic and keeps the mode. Returns the file.
 */
export function editConfig(edit: ConfigEdit): string {
  const file = configFile(process.env);
  const before = readIfExists(file) ?? '';
  const after = 'set' in edit ? applyToml(file, before, edit.set).text : withoutTables(file, before, edit.removeTables);
  const data = tomlData(after);
  const old = before.trim() ? tomlData(before.replace(/^\ufeff/, '')) : {};
  if (!sameData(data, edit.expect(structuredClone(old)))) throw new AigateError(`${file}: the edit would change more than it should (a bug in aigate); nothing was written`);
  const problems = validateConfig(data as Record<string, unknown>).issues.filter((issue) => issue.severity === 'error');
  if (problems.length) throw new AigateError(`${file}: ${problems[0]!.path.join('.')}: ${problems[0]!.message}; nothing was written`);
  if (after === before) return file;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (before && readIfExists(`${file}.aigate-backup`) === undefined) writeFileSync(`${file}.aigate-backup`, before, { flag: 'wx', mode: 0o600 });
  writeFileAtomic(file, after, 0o600);
  return file;
}
