import { editBlock, rcFiles } from '../integration/rc-file.js';
import { integrationShell } from './install.js';

/** `aigate uninstall`: removes exactly what `aigate install` added (a file it created, it deletes). */
export function uninstallCommand(options: { shell?: string }): void {
  const shell = integrationShell(options.shell);
  for (const file of rcFiles(shell, process.env)) {
    const result = editBlock(file, undefined);
    if (!result.changed) {
      process.stdout.write(`aigate: not installed in ${file}\n`);
      continue;
    }
    process.stdout.write(`aigate: removed from ${file}; open a new shell (or run \`aigate off\` in this one)\n`);
  }
}
