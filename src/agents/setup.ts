import { posixQuote } from '../shells/posix.js';
import type { Tree } from '../edit/verify.js';
import type { RouteName } from '../profile/routes.js';
import type { Profile } from '../profile/types.js';
import { KEY_VARIABLE } from '../profile/variables.js';

type Environment = Record<string, string | undefined>;
export type Scope = 'global' | 'project';

export interface SetupContext {
  profile: Profile;
  /** Which of the agent's files: the user's, or the project's. */
  scope: Scope;
  /** The route the agent is set up for. */
  route: RouteName;
  /** How the agent runs `aigate key` (claude's apiKeyHelper). */
  keyCommand: string;
  /** How the agent runs `aigate statusline` (claude's statusLine). */
  statuslineCommand: string;
  /** `--statusline`: add aigate's status line where there is none, or (`replace`) over the user's. */
  statusline?: 'add' | 'replace';
  /** The file's data before the change. */
  current: Tree;
  /** For an agent whose picker reads a model list: the gateway's ids. */
  models: readonly string[];
  /** The companion file written beside the agent's file (SetupSpec.companion), when there is one. */
  companion?: string;
}

/** How `aigate setup` writes one agent's own configuration: which file, in which format, what goes in. */
export interface SetupSpec {
  /** The file's format, by name: the editors (and their parsers) load only when `aigate setup` runs. */
  format: 'toml' | 'jsonc' | 'yaml';
  /** The first is the default. A project's file is written only inside the project folder. */
  scopes: readonly Scope[];
  file(scope: Scope, env: Environment): string;
  /** The keys aigate manages in the file. */
  target(c: SetupContext): Tree;
  /** What a file aigate creates starts with. */
  newFile?: Record<string, unknown>;
  notes(c: SetupContext): string[];
  /**
   * A file of aigate's own that the agent's file names (Codex's model catalog), written before it
   * and removed with --remove: its path, and its content for this setup (undefined: none now).
   */
  companion?: { file(env: Environment): string; content(c: SetupContext): string | undefined };
}

export const KEY_NOTE = `the key is not written: the agent reads it from ${KEY_VARIABLE}, which the shell integration (aigate install) or your environment must provide; an agent started from a desktop or IDE does not see shell variables`;

/**
 * The command line for `aigate COMMAND` as an agent runs it: this aigate, by absolute path (on
 * Windows the npm .cmd shim on PATH). Profile names are plain ([A-Za-z0-9._-]), quoted anyway.
 */
export function aigateCommandLine(bin: string, command: string, profile: string | undefined, platform = process.platform): string {
  const profileFlag = profile ? ` --profile ${platform === 'win32' ? profile : posixQuote(profile)}` : '';
  return platform === 'win32' ? `aigate ${command}${profileFlag}` : `${posixQuote(bin)} ${command}${profileFlag}`;
}

/** The command line for `aigate key` as an agent runs it. */
export function keyCommandLine(bin: string, profile: string | undefined, platform = process.platform): string {
  return aigateCommandLine(bin, 'key', profile, platform);
}
