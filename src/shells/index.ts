import { AigateError } from '../errors.js';
import { bash } from './bash.js';
import { dotenv } from './dotenv.js';
import { fish } from './fish.js';
import { json } from './json.js';
import { powershell } from './powershell.js';
import { sh } from './sh.js';
import type { EnvChanges } from '../profile/state.js';
import type { Shell } from './types.js';
import { zsh } from './zsh.js';

export const SHELLS: readonly Shell[] = [bash, zsh, sh, fish, powershell, json, dotenv];

/** The shells with an integration (a hook script): bash, zsh, fish, powershell. */
export const INTEGRATION_SHELLS = SHELLS.filter((shell) => shell.hook).map((shell) => shell.name);

export function shellNamed(name: string): Shell {
  const shell = SHELLS.find((s) => s.name === name || s.aliases?.includes(name));
  if (!shell) {
    throw new AigateError(`unknown shell "${name}"; choose one of: ${SHELLS.map((s) => s.name).join(', ')} (pwsh = powershell)`, 2);
  }
  return shell;
}

/** Shells' own variables: assigning one breaks the shell (read-only, special, or its prompt and state). */
const RESERVED = new Set([
  // POSIX shells and bash
  'PWD', 'OLDPWD', 'SHLVL', 'PS1', 'PS2', 'PS4', '_', 'UID', 'EUID', 'PPID', 'IFS', 'OPTIND', 'OPTARG',
  'BASHOPTS', 'SHELLOPTS', 'BASHPID', 'BASH_VERSINFO', 'BASH_ARGV', 'BASH_ARGC', 'BASH_SOURCE', 'BASH_LINENO',
  'FUNCNAME', 'GROUPS', 'LINENO', 'RANDOM', 'SECONDS', 'HISTCMD', 'PIPESTATUS', 'EPOCHSECONDS', 'EPOCHREALTIME', 'SRANDOM',
  // zsh (one failing assignment aborts the rest of an eval)
  'status', 'pipestatus', 'argv', 'path', 'fpath', 'cdpath', 'manpath', 'mailpath', 'module_path', 'ERRNO', 'ARGC',
  'TTYIDLE', 'ZSH_SUBSHELL', 'HISTNO', 'GID', 'EGID', 'USERNAME', 'signals', 'options', 'parameters', 'commands',
  // fish
  'fish_pid', 'hostname', 'version', 'history', 'umask', 'CMD_DURATION', 'COLUMNS', 'LINES', 'fish_kill_signal',
  // PowerShell's automatic variables are not in Env:, so nothing to add.
]);

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why a variable cannot be handed to a shell, or undefined when it can. */
export function variableProblem(name: string, value?: string): string | undefined {
  if (!NAME.test(name)) return `"${name}" is not a valid variable name (letters, digits and _, not starting with a digit)`;
  if (RESERVED.has(name)) return `${name} is a shell's own variable; aigate will not set it (choose another name)`;
  if (value?.includes('\0')) return `the value of ${name} contains a NUL character, which no environment can hold`;
  return undefined;
}

/** Checks every change before anything is printed: a shell must never get half an output. */
export function checkChanges({ set, unset }: EnvChanges): void {
  for (const [name, value] of [...set, ...unset.map((name) => [name, undefined] as const)]) {
    const problem = variableProblem(name, value);
    if (problem) throw new AigateError(problem);
  }
}
