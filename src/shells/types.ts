import type { EnvChanges } from '../profile/state.js';

/** One output format of `aigate env`: every shell file exports one of these. */
export interface Shell {
  name: string;
  aliases?: readonly string[];
  /** Its output is code a shell evaluates, so it also carries the state that later restores. */
  evaluated: boolean;
  /** The whole output for these changes; throws AigateError for a value the format cannot hold. */
  render(changes: EnvChanges): string | Promise<string>;
}

/** A shell whose output is one statement per variable. */
export function lineShell(spec: {
  name: string;
  aliases?: readonly string[];
  set(name: string, value: string): string;
  unset(name: string): string;
}): Shell {
  return {
    name: spec.name,
    ...(spec.aliases && { aliases: spec.aliases }),
    evaluated: true,
    render: ({ set, unset }) =>
      [...unset.map((name) => spec.unset(name)), ...set.map(([name, value]) => spec.set(name, value))]
        .map((line) => `${line}\n`)
        .join(''),
  };
}
