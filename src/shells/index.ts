import { AigateError } from '../errors.js';
import { bash } from './bash.js';
import { cmd } from './cmd.js';
import { dotenv } from './dotenv.js';
import { elvish } from './elvish.js';
import { fish } from './fish.js';
import { github } from './github.js';
import { json } from './json.js';
import { nu } from './nu.js';
import { powershell } from './powershell.js';
import { sh } from './sh.js';
import { tcsh } from './tcsh.js';
import { type EnvChanges, STATE_VARIABLE, stateSizeProblem } from '../profile/state.js';
import { shellVariableProblem, valueProblem } from '../profile/validate.js';
import type { Shell } from './types.js';
import { xonsh } from './xonsh.js';
import { zsh } from './zsh.js';

export const SHELLS: readonly Shell[] = [bash, zsh, sh, fish, powershell, cmd, nu, elvish, xonsh, tcsh, github, json, dotenv];

/** The shells with an integration (a hook script). */
export const INTEGRATION_SHELLS = SHELLS.filter((shell) => shell.hook).map((shell) => shell.name);
/** The shells with a completion script. */
export const COMPLETION_SHELLS = SHELLS.filter((shell) => shell.completion).map((shell) => shell.name);
export const SHELL_NAMES = { formats: SHELLS.map((shell) => shell.name), integrations: INTEGRATION_SHELLS, completions: COMPLETION_SHELLS };

/** "a, b or c": for messages and help that list shells. */
export function listed(names: readonly string[], last = 'or'): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} ${last} ${names.at(-1)}`;
}

/** The shell with an integration named `name`, or a usage error naming the ones there are. */
export function integrationNamed(name: string): Shell & { hook: NonNullable<Shell['hook']> } {
  const shell = shellNamed(name);
  if (!shell.hook) throw new AigateError(`no integration for ${shell.name}; choose ${listed(INTEGRATION_SHELLS)}`, 2);
  return shell as Shell & { hook: NonNullable<Shell['hook']> };
}

/** The format for a process name (a path, a login shell's leading -, a Windows .exe), if it is a shell's. */
export function shellOfProcess(processName: string): string | undefined {
  // Split at both separators: $SHELL on Windows (Git Bash, MSYS) may be a Windows path.
  const name = processName.replace(/^-/, '').split(/[\\/]/).pop()!.replace(/\.exe$/i, '').toLowerCase();
  return SHELLS.find((shell) => shell.processes?.includes(name))?.name;
}

export function shellNamed(name: string): Shell {
  const shell = SHELLS.find((s) => s.name === name || s.aliases?.includes(name));
  if (!shell) {
    const aliases = SHELLS.flatMap((s) => (s.aliases ?? []).slice(0, 1).map((alias) => `${alias} = ${s.name}`));
    throw new AigateError(`unknown shell "${name}"; choose one of: ${SHELLS.map((s) => s.name).join(', ')} (${aliases.join(', ')})`, 2);
  }
  return shell;
}

/** Why a variable cannot be handed to a shell, or undefined when it can. */
export function variableProblem(name: string, value?: string, shell?: Shell): string | undefined {
  const problem = shellVariableProblem(name);
  if (problem) return problem;
  if (shell?.reserved?.includes(name)) return `${name} is a variable ${shell.name} keeps for itself; aigate cannot set it there (rename it in your profile's [env])`;
  // AIGATE_STATE is aigate's own, and grows with the number of variables: held below Linux's 128 KiB only.
  const tooLarge = value === undefined ? undefined : name === STATE_VARIABLE ? stateSizeProblem(value) : valueProblem(value);
  return tooLarge && `the value of ${name}: ${tooLarge}`;
}

/** Checks every change before anything is printed: a shell must never get half an output. */
export function checkChanges({ set, unset }: EnvChanges, shell?: Shell): void {
  for (const [name, value] of [...set, ...unset.map((name) => [name, undefined] as const)]) {
    const problem = variableProblem(name, value, shell);
    if (problem) throw new AigateError(problem);
  }
}
