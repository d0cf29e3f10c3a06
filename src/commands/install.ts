import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../config/atomic.js';
import { readIfExists } from '../config/files.js';
import { AigateError } from '../errors.js';
import type { PackagePaths } from '../integration/package.js';
import { hasBlock, loaderLines, rcFiles, withBlock } from '../integration/rc-file.js';
import { detectShell } from '../shells/detect.js';
import { shellNamed } from '../shells/index.js';

/** The shell to install for: --shell, else the calling one, if it has an integration. */
export function integrationShell(name: string | undefined): string {
  const shell = shellNamed(name ?? detectShell());
  if (!shell.hook) throw new AigateError(`no integration for ${shell.name}; choose --shell bash, zsh, fish or powershell`, 2);
  return shell.name;
}

/**
 * `aigate install`: adds a marked block that loads the integration to the shell's startup file,
 * once however often it runs. The file is otherwise left byte for byte as it was; the first change
 * keeps a backup beside it, and every write is atomic.
 */
export function installCommand(options: { shell?: string }, paths: PackagePaths): void {
  const shell = integrationShell(options.shell);
  for (const file of rcFiles(shell, process.env)) {
    const before = readIfExists(file);
    const after = withBlock(before, loaderLines(shell, paths.root, paths.bin));
    if (after === before) {
      process.stdout.write(`aigate: already installed in ${file}\n`);
      continue;
    }
    mkdirSync(dirname(file), { recursive: true });
    const backup = `${file}.aigate-backup`;
    if (before !== undefined && !hasBlock(before) && readIfExists(backup) === undefined) writeFileSync(backup, before, { flag: 'wx' });
    writeFileAtomic(file, after);
    process.stdout.write(`aigate: installed in ${file}${before !== undefined ? ` (backup: ${backup})` : ''}; open a new shell to use it\n`);
  }
}
