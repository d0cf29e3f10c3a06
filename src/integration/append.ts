import { replaceFile } from '../edit/file.js';
import { AigateError } from '../errors.js';
import type { EnvChanges } from '../profile/state.js';
import type { Shell } from '../shells/types.js';

/**
 * For a format appended to a file named by a variable ($GITHUB_ENV): appends its text through the
 * one safe way to change a file (as bytes, under its lock, every byte checked). Without the
 * variable, one line says where the format belongs.
 */
export function appendToFile(shell: Shell, changes: EnvChanges, env: Record<string, string | undefined>): void {
  const variable = shell.appendTo!;
  const file = env[variable];
  if (!file) throw new AigateError(`--shell ${shell.name} appends to the file named by $${variable}, which is not set; run it in a GitHub Actions step (or set ${variable} to a file)`);
  const text = Buffer.from(shell.fileText!(changes));
  // The runner makes the file; one that does not exist is not the runner's, and the key must not start one.
  replaceFile(file, (bytes) => Buffer.concat([bytes ?? Buffer.alloc(0), text]), { mustExist: true });
}
