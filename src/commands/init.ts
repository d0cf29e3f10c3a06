import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackagePaths } from '../integration/package.js';
import { writeAll } from '../output.js';
import { integrationNamed } from '../shells/index.js';

/** `aigate init SHELL`: the integration script from shells/, told which aigate to run. */
export function initCommand(shellName: string, paths: PackagePaths): void {
  const shell = integrationNamed(shellName);
  const script = readFileSync(join(paths.root, 'shells', shell.hook.script), 'utf8');
  writeAll(1, `${shell.hook.variable('_AIGATE_BIN', paths.bin)}\n${script}`);
}
