import { configFile } from '../config/paths.js';
import { readText } from '../edit/file.js';
import { profileNameProblem } from '../profile/validate.js';
import { tomlData } from '../edit/toml-data.js';
import { AigateError } from '../errors.js';
import { writeAll } from '../output.js';
import { COMPLETION_SHELLS, SHELL_NAMES, shellNamed } from '../shells/index.js';
import type { CompletionCommand } from '../shells/types.js';

/** `aigate completion SHELL`: subcommands, their flags, shell names and the config's profiles. */
export function completionCommand(shellName: string, commands: CompletionCommand[]): void {
  const shell = shellNamed(shellName);
  if (!shell.completion) throw new AigateError(`no completion for ${shell.name}; choose ${COMPLETION_SHELLS.join(', ')}`, 2);
  writeAll(1, shell.completion(commands, SHELL_NAMES));
}

/** `aigate __complete profiles`: the profile names in config.toml (and "default"), one per line. */
export function completeCommand(what: string): void {
  if (what !== 'profiles') return;
  const file = configFile(process.env);
  let names: string[] = [];
  try {
    const profiles = tomlData(file, readText(file) ?? '').profiles;
    if (profiles && typeof profiles === 'object') names = Object.keys(profiles);
  } catch {
    // no config, or a broken one: complete what we can
  }
  // Only names a profile can have: a name from a hand-edited file is data, and stays out if it could be more.
  writeAll(1, [...new Set(['default', ...names])].filter((name) => !profileNameProblem(name)).map((name) => `${name}\n`).join(''));
}
