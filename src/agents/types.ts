import type { RouteName } from '../profile/routes.js';
import type { Profile } from '../profile/types.js';
import type { VariablePlan } from '../profile/variables.js';
import type { SetupSpec } from './setup.js';

export interface LaunchContext {
  profile: Profile;
  /** The route to use: the profile's choice for this agent, else the agent's default. */
  route: RouteName;
  plan: VariablePlan;
  /** The program as the user named it (`codex`, a path, a .cmd shim). */
  command: string;
  /** The arguments the user gave the agent. */
  args: readonly string[];
  /** For an agent whose picker reads a model list (`listsModels`): the gateway's ids, as it spells them. */
  models: readonly string[];
  /** Writes a file only this user can read, removed when the run ends; returns its path. */
  privateFile(name: string, content: string): string;
  /** Says something about this run on stderr, as a warning. */
  warn(message: string): void;
}

/** One line of `aigate doctor`: ok, warn or fail, with the fix. */
export interface DoctorCheck {
  status: 'ok' | 'warn' | 'fail';
  check: string;
  detail: string;
  fix?: string;
}

/** What doctor knows when it asks an agent's record: the environment, and the profile's plan if it resolved. */
export interface DoctorContext {
  env: Record<string, string | undefined>;
  plan?: VariablePlan;
}

/** What an agent needs beyond the profile's environment. */
export interface Launch {
  /** Placed before the user's arguments. */
  args: string[];
  env: Record<string, string>;
}

/** One coding agent, all aigate knows of it. Adding an agent is one of these (a file) and its tests. */
export interface Agent {
  /** The name `aigate setup` and `doctor` use. */
  name: string;
  /** As its makers write it. */
  title: string;
  /** The command names (basename, without .cmd/.exe) that select this agent in `aigate run`. */
  commands: readonly string[];
  /** How to install it, for "command not found" and `doctor`. */
  install: string;
  /** The routes it can use, and the one it uses unless the profile's [routes] says otherwise (the AIGate docs' choice). */
  routes?: { default: RouteName; supported: readonly RouteName[] };
  /** What it needs beyond the profile's environment; absent for an agent that cannot use AIGate. */
  launch?(context: LaunchContext): Launch;
  /** Why `aigate run` refuses it (it speaks no API AIGate serves). */
  refusal?: string;
  /** Its own configuration file, for `aigate setup`. */
  setup?: SetupSpec;
  /** Settings for a user to enter by hand (an editor extension's UI), for `aigate setup NAME --print`. */
  printSettings?(profile: Profile, json: boolean): string;
  /** Variables that, exported in a shell, send it to their gateway when it is started without `aigate run`. */
  baseUrlVariables?: readonly string[];
  /** The oldest version that does all aigate sets up for it (measured), and what older ones lack. */
  minimum?: { version: string; lacks: string };
  /** What `aigate doctor` checks for it: its files, and what sends it elsewhere (parsers loaded only then). */
  doctor?(c: DoctorContext): Promise<DoctorCheck[]>;
  /** Its model picker lists the models its config names: `run` and `setup` give it the gateway's list. */
  listsModels?: boolean;
  /** Variables that keep a scripted run quiet and bounded: no retries for minutes, no outside lookups. */
  quiet?: Readonly<Record<string, string>>;
}
