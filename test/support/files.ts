import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `dir` whose content holds `secret` (an agent's own caches included). */
export function filesHolding(dir: string, secret: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => readFileSync(file).includes(secret));
}

/** Every file and folder under `dir` with its mode and content: equal snapshots mean nothing was written. */
export function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true }).map((entry) => {
      const path = join(entry.parentPath, entry.name);
      const mode = (statSync(path).mode & 0o777).toString(8);
      return [path, entry.isFile() ? `${mode} ${readFileSync(path, 'base64')}` : `${mode} ${entry.isDirectory() ? 'folder' : 'other'}`];
    }),
  );
}
