import type { EnvChanges } from '../profile/state.js';

/** What `unchanged` checks. */
export interface Facts {
  profile: string;
  present: readonly string[];
  absent: readonly string[];
  stamp: string;
  values: ReadonlyArray<readonly [string, string]>;
}

/** What a shell needs for the integration (`aigate init`, `install`, the hook's refresh). */
export interface HookSyntax {
  /** The integration script in shells/. */
  script: string;
  /** A shell variable (not exported) holding `value`. */
  variable(name: string, value: string): string;
  /** A function `name` whose body is `body` (lines of this shell's code, or '' for one that does nothing). */
  fn(name: string, body: string): string;
  /**
   * A function `name` that succeeds while nothing the profile depends on has changed: the profile
   * chosen with `aigate use`, the files read (none newer than the stamp, none gone), the files
   * looked for (still absent), and each variable's value. Generated with all of it inline, so that
   * a prompt runs one function of plain tests.
   */
  unchanged(name: string, facts: Facts): string;
}

/** One output format of `aigate env`: every shell file exports one of these. */
export interface Shell {
  name: string;
  aliases?: readonly string[];
  /** Its output is code a shell evaluates, so it also carries the state that later restores. */
  evaluated: boolean;
  /** The whole output for these changes; throws AigateError for a value the format cannot hold. */
  render(changes: EnvChanges): string | Promise<string>;
  /** Present for the shells the integration supports. */
  hook?: HookSyntax;
}

/** A shell whose output is one statement per variable. */
export function lineShell(spec: {
  name: string;
  aliases?: readonly string[];
  set(name: string, value: string): string;
  unset(name: string): string;
  hook?: HookSyntax;
}): Shell {
  return {
    name: spec.name,
    ...(spec.aliases && { aliases: spec.aliases }),
    evaluated: true,
    render: ({ set, unset }) =>
      [...unset.map((name) => spec.unset(name)), ...set.map(([name, value]) => spec.set(name, value))]
        .map((line) => `${line}\n`)
        .join(''),
    ...(spec.hook && { hook: spec.hook }),
  };
}
