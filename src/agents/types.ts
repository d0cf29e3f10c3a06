import type { Profile } from '../profile/types.js';
import type { VariablePlan } from '../profile/variables.js';

export interface LaunchContext {
  profile: Profile;
  plan: VariablePlan;
  /** The arguments the user gave the agent. */
  args: readonly string[];
  /** Writes a file only this user can read, removed when the run ends; returns its path. */
  privateFile(name: string, content: string): string;
}

/** What an agent needs beyond the profile's environment. */
export interface Launch {
  /** Placed before the user's arguments. */
  args: string[];
  env: Record<string, string>;
}

/** How one coding agent gets the profile. Adding an agent is adding one of these to the table. */
export interface Agent {
  /** The command name (basename, without .cmd/.exe) that selects this agent. */
  command: string;
  /** How to install it, for "command not found". */
  install: string;
  launch(context: LaunchContext): Launch;
}
