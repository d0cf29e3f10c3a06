import { AigateError } from '../errors.js';
import { bash } from './bash.js';
import { dotenv } from './dotenv.js';
import { fish } from './fish.js';
import { json } from './json.js';
import { powershell } from './powershell.js';
import { sh } from './sh.js';
import type { EnvChanges } from '../profile/state.js';
import { shellVariableProblem } from '../profile/validate.js';
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

/** Why a variable cannot be handed to a shell, or undefined when it can. */
export function variableProblem(name: string, value?: string): string | undefined {
  const problem = shellVariableProblem(name);
  if (problem) return problem;
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
