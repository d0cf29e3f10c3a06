import { policyProblems } from '../integration/execution-policy.js';
import type { PackagePaths } from '../integration/package.js';
import { editBlock, loaderLines, rcFiles } from '../integration/rc-file.js';
import { detectShell } from '../shells/detect.js';
import { integrationNamed } from '../shells/index.js';
import { escapeControls, writeAll } from '../output.js';

/** The shell to install for: --shell, else the calling one, if it has an integration. */
export function integrationShell(name: string | undefined): string {
  return integrationNamed(name ?? detectShell()).name;
}

/**
 * `aigate install`: adds a marked block that loads the integration to the shell's startup file,
 * once however often it runs. The rest of the file stays byte for byte as it was, in its own
 * encoding; a symbolic link stays a link; each change keeps a backup beside it (the file just before). On Windows,
 * a PowerShell whose execution policy would not run the profile is named, with the fix: otherwise
 * the install looks done and that PowerShell prints "running scripts is disabled" at every start.
 */
export async function installCommand(options: { shell?: string }, paths: PackagePaths): Promise<void> {
  const shell = integrationShell(options.shell);
  for (const file of rcFiles(shell, process.env)) {
    const result = editBlock(file, loaderLines(shell, paths.root, paths.bin, process.env));
    if (!result.changed) {
      process.stdout.write(`aigate: already installed in ${file}\n`);
      continue;
    }
    const where = result.target === file ? file : `${file} (→ ${result.target})`;
    process.stdout.write(`aigate: installed in ${where}${result.backup ? ` (backup: ${result.backup})` : ''}; open a new shell to use it\n`);
  }
  if (shell !== 'powershell') return;
  for (const { edition, policy, source, fix } of await policyProblems(process.env)) {
    writeAll(2, `aigate: ${edition} will not run this profile: its execution policy is ${escapeControls(policy)} (${escapeControls(source)}); ${fix}\n`);
  }
}
