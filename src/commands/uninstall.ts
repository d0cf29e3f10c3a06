import { rmSync } from 'node:fs';
import { writeFileAtomic } from '../config/atomic.js';
import { rcFiles, withoutBlock } from '../integration/rc-file.js';
import { readIfExists } from '../config/files.js';
import { integrationShell } from './install.js';

/** `aigate uninstall`: removes exactly what `aigate install` added (a file it created, it deletes). */
export function uninstallCommand(options: { shell?: string }): void {
  const shell = integrationShell(options.shell);
  for (const file of rcFiles(shell, process.env)) {
    const before = readIfExists(file);
    const after = before === undefined ? undefined : withoutBlock(before);
    if (before === undefined || after === before) {
      process.stdout.write(`aigate: not installed in ${file}\n`);
      continue;
    }
    if (after === undefined) rmSync(file);
    else writeFileAtomic(file, after);
    process.stdout.write(`aigate: removed from ${file}; open a new shell (or run \`aigate off\` in this one)\n`);
  }
}
