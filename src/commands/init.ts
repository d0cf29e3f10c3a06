import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackagePaths } from '../integration/package.js';
import { sessionPaths } from '../integration/rc-file.js';
import { writeAll } from '../output.js';
import { integrationNamed } from '../shells/index.js';
import { integrationVariables } from '../shells/types.js';

/** `aigate init SHELL`: the integration script from shells/, told which aigate to run. */
export function initCommand(shellName: string, paths: PackagePaths): void {
  const shell = integrationNamed(shellName);
  const script = readFileSync(join(paths.root, 'shells', shell.hook.script), 'utf8');
  const variables = integrationVariables(paths.bin, sessionPaths(shell.name, paths.root, process.env));
  writeAll(1, [...variables.map(([name, value]) => shell.hook.variable(name, value)), script].join('\n'));
}
