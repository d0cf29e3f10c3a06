import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AigateError } from '../errors.js';
import type { PackagePaths } from '../integration/package.js';
import { writeAll } from '../output.js';
import { shellNamed } from '../shells/index.js';

/** `aigate init SHELL`: the integration script from shells/, told which aigate to run. */
export function initCommand(shellName: string, paths: PackagePaths): void {
  const shell = shellNamed(shellName);
  if (!shell.hook) throw new AigateError(`no integration for ${shell.name}; there is one for bash, zsh, fish and powershell`, 2);
  const script = readFileSync(join(paths.root, 'shells', shell.hook.script), 'utf8');
  writeAll(1, `${shell.hook.variable('_AIGATE_BIN', paths.bin)}\n${script}`);
}
