import { editDocument } from '../edit/document.js';
import { TOML, withoutTables } from '../edit/toml.js';
import { merged, type Tree } from '../edit/verify.js';
import { AigateError } from '../errors.js';
import { configFile } from './paths.js';
import { validateConfig } from './schema.js';

export type ConfigEdit = { set: Tree } | { removeTables: string[]; expect: (data: any) => unknown };

/**
 * Changes config.toml keeping every comment and byte of the user's: the edit splices text under
 * the file's lock, the result must parse to exactly the intended data and still be a valid config
 * (checked before anything is written); each change keeps a backup of the file just before it; the write is atomic and
 * keeps the mode. Returns the file.
 */
export function editConfig(edit: ConfigEdit): string {
  const file = configFile(process.env);
  editDocument(
    file,
    TOML,
    (before) => {
      const old = TOML.data(file, before);
      const result =
        'set' in edit
          ? { text: TOML.apply(file, before, edit.set).text, expected: merged(old, edit.set) }
          : { text: withoutTables(file, before, edit.removeTables), expected: edit.expect(structuredClone(old)) };
      const problems = validateConfig(TOML.data(file, result.text)).issues.filter((issue) => issue.severity === 'error');
      if (problems.length) throw new AigateError(`${file}: ${problems[0]!.path.join('.')}: ${problems[0]!.message}; nothing was written`);
      return result;
    },
    { backup: true, mode: 0o600 },
  );
  return file;
}
