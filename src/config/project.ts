import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROJECT_FILE } from './paths.js';

/**
 * The working directory as the shell names it: $PWD when it is the same directory as the process's
 * (symlinks kept, as in the shell's own walk up for .aigate.toml), else the physical one.
 */
export function workingDirectory(env: Record<string, string | undefined>): string {
  const cwd = process.cwd();
  const logical = env.PWD;
  if (logical && logical !== cwd) {
    try {
      const [a, b] = [statSync(logical), statSync(cwd)];
      if (a.ino === b.ino && a.dev === b.dev) return logical;
    } catch {
      // PWD is stale: use the physical directory
    }
  }
  return logical === cwd ? logical : cwd;
}

/**
 * The nearest .aigate.toml from `dir` up to the root, as the shell scripts find it. The paths looked
 * at before it (absent, or not a file) are added to `passed`.
 */
export function findProjectFile(dir: string, passed: string[] = []): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const file = join(current, PROJECT_FILE);
    if (statSync(file, { throwIfNoEntry: false })?.isFile()) return file; // the shells test -f
    passed.push(file);
    if (dirname(current) === current) return undefined;
  }
}
