import type { EnvChanges } from '../profile/state.js';

/** What `unchanged` checks. */
export interface Facts {
  profile: string;
  present: readonly string[];
  absent: readonly string[];
  stamp: string;
  values: ReadonlyArray<readonly [string, string]>;
}

type Environment = Record<string, string | undefined>;

/** Where a shell's startup files are: the home folder (as aigate resolved it), the environment, the OS. */
export interface StartupContext {
  home: string;
  env: Environment;
  platform: NodeJS.Platform;
}

/** A command as the completion scripts need it: its name and options (from cac's own table). */
export interface CompletionCommand {
  name: string;
  options: string[];
  /** Those of `options` that take a value (`--shell bash`); the others are switches. */
  valued: string[];
  /** What its first argument is: a shell with an integration (`init`), one with completion (`completion`), a profile, or anything. */
  argument?: 'integration' | 'completion' | 'profile';
  /** It hands what follows its first argument to another program (`run`): nothing after it is its own. */
  passthrough?: boolean;
}

/** The names the completion scripts offer, from the registry. */
export interface ShellNames {
  /** Every output format of `--shell`. */
  formats: readonly string[];
  /** The shells with an integration (`init`, `install`, `uninstall`). */
  integrations: readonly string[];
  /** The shells with a completion script. */
  completions: readonly string[];
}

/** The shell names a command's first argument takes, or undefined when it takes none. */
export function shellArgument(command: CompletionCommand, names: ShellNames): readonly string[] | undefined {
  if (command.argument === 'integration') return names.integrations;
  if (command.argument === 'completion') return names.completions;
  return undefined;
}

/** For a shell with a session script: where it is, and where the cache of the last refresh is. */
export interface SessionPaths {
  script: string;
  cache: string;
}

/** What the integration script is told before it runs (the block and `aigate init` say the same): the aigate to run, and for a shell with a session script, where that and the cache are. */
export function integrationVariables(bin: string, session: SessionPaths | undefined): Array<[string, string]> {
  const variables: Array<[string, string]> = [['_AIGATE_BIN', bin]];
  if (session) variables.push(['_AIGATE_SESSION', session.script], ['_AIGATE_CACHE', session.cache]);
  return variables;
}

/** Where the project file was looked for from, and the paths passed on the way up (no project file there). */
export interface ProjectSearch {
  from: string;
  passed: string[];
}

/** What a shell needs for the integration (`aigate init`, `install`, the hook's refresh). */
export interface HookSyntax {
  /** The integration script in shells/. */
  script: string;
  /**
   * A second script in shells/ that `script` reads only when it is first needed, so that a shell
   * starts without parsing it (PowerShell, whose every construct costs at first sight). The loader
   * and `aigate init` give its path in `_AIGATE_SESSION`, and the cache's in `_AIGATE_CACHE`: the
   * user's own, named when the block was written, so that the shell computes no path and checks no
   * owner at start (after su, another user's is never named in this user's profile).
   */
  session?: string;
  /** The startup files `aigate install` adds its block to. */
  rcFiles(where: StartupContext): string[];
  /** The block's lines: load `script` if it is there, telling it to run `bin` (and where `session` is); quiet without aigate. */
  loader(script: string, bin: string, session?: SessionPaths): string[];
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
  /**
   * A function `name` that succeeds while the shell is in the directory the project file was looked
   * for from, and none has appeared on the way up (undefined: the search did not happen): at start
   * it stands for the walk up, whose loop costs PowerShell more than the rest of its start. For a
   * shell whose start it is worth that.
   */
  sameProject?(name: string, search: ProjectSearch | undefined): string;
}

/** One output format of `aigate env`: every shell file exports one of these, and is the only place that knows it. */
export interface Shell {
  name: string;
  aliases?: readonly string[];
  /** Process names (lower case, no .exe) that mean "this shell is evaluating the output". */
  processes?: readonly string[];
  /** How a user of this shell evaluates what `aigate ARGS` prints (for help and the README). */
  load?(args: string): string;
  /** Variable names the shell keeps for itself: a profile setting one is refused for this shell. */
  reserved?: readonly string[];
  /** The completion script, generated from cac's command table; absent where the shell has none worth using. */
  completion?(commands: readonly CompletionCommand[], names: ShellNames): string;
  /** Its output is code a shell evaluates, so it also carries the state that later restores. */
  evaluated: boolean;
  /**
   * The whole output for these changes; throws AigateError for a value the format cannot hold.
   * `env` is the environment the output will be evaluated in (its locale, for tcsh).
   */
  render(changes: EnvChanges, env?: Environment): string | Promise<string>;
  /** Present for the shells the integration supports. */
  hook?: HookSyntax;
  /**
   * For a format that is appended to a file named by this variable (GitHub Actions' GITHUB_ENV)
   * rather than printed: `render` then prints what goes to stdout, and `fileText` what is appended.
   */
  appendTo?: string;
  fileText?(changes: EnvChanges): string;
}

/** A shell whose output is one statement per variable. */
export function lineShell(spec: Omit<Shell, 'evaluated' | 'render'> & {
  set(name: string, value: string, env?: Environment): string;
  unset(name: string): string;
  /** Joins the statements (default: one per line). */
  join?(statements: string[]): string;
}): Shell {
  const { set, unset, join, ...shell } = spec;
  return {
    ...shell,
    evaluated: true,
    render: (changes, env) => {
      const statements = [...changes.unset.map((name) => unset(name)), ...changes.set.map(([name, value]) => set(name, value, env))];
      return join ? join(statements) : statements.map((line) => `${line}\n`).join('');
    },
  };
}
