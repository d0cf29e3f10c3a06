import type { ClaudeTier } from './claude-tiers.js';
import type { RouteName } from './route-names.js';

/** Where a resolved value came from; `aigate env --explain` prints it, errors cite it. */
export type Source =
  | { kind: 'default' }
  | { kind: 'config'; file: string; path: string[] }
  | { kind: 'project'; file: string; path: string[] }
  | { kind: 'dotenv'; file: string; name: string }
  | { kind: 'env'; name: string }
  | { kind: 'flag'; name: string }
  | { kind: 'command'; command: string }
  | { kind: 'keychain'; profile: string }
  | { kind: 'credentials'; file: string }
  | { kind: 'derived'; from: Source; how: string };

export interface Sourced<T> {
  value: T;
  source: Source;
}

export type ClaudeAuth = 'token' | 'api-key';

export type ClaudeSettings = Partial<Record<ClaudeTier, string>> & {
  auth?: ClaudeAuth;
  base_url?: string;
  /** Whether Claude Code lists the gateway's models in its /model picker (default: yes). */
  model_discovery?: boolean;
  /** One more gateway model in /model (default: the profile's model when discovery would drop it); false: none. */
  custom_model?: string | false;
};

/** One `[profiles.NAME]` table of config.toml, after validation. Every key is optional. */
export interface ProfileSettings {
  base_url?: string;
  api_key_env?: string;
  api_key_command?: string;
  /** The key itself: accepted with a warning, refused while others can read the file. */
  api_key?: string;
  model?: string;
  claude?: ClaudeSettings;
  env?: Record<string, string>;
  /**
   * The gateway models the agents' pickers list: ids or patterns with `*` (`"anthropic/*"`); unset,
   * all of the gateway's.
   */
  models?: string[];
  /** The route each agent uses, by agent name (`kilo = "responses"`); unnamed agents use their default. */
  routes?: Record<string, RouteName>;
}

/** A project's .aigate.toml: one profile's keys, and the profile to use. */
export interface ProjectFile extends ProfileSettings {
  profile?: string;
}

export interface ConfigFile {
  profile?: string;
  profiles: Record<string, ProfileSettings>;
}

/** Everything the resolver needs, read at the edge. */
export interface ResolveInput {
  config?: { file: string; data: ConfigFile };
  /** The nearest .aigate.toml; its keys that could redirect the key or run a command count only when trusted. */
  project?: { file: string; data: ProjectFile; trusted: boolean };
  dotenv?: { file: string; vars: Record<string, string> };
  /** The environment as the user set it: what aigate exported itself is already taken out. */
  env: Record<string, string | undefined>;
  flags: { profile?: string; model?: string };
}

export interface Profile {
  name: Sourced<string>;
  /** Keys of an untrusted project file that were ignored. */
  untrustedKeys: string[];
  /** OpenAI-compatible base, always ending in `/v1`. */
  baseUrl: Sourced<string>;
  model: Sourced<string>;
  apiKeyEnv: Sourced<string>;
  apiKeyCommand?: Sourced<string>;
  /** A literal api_key of config.toml (never of a project file). */
  apiKeyLiteral?: Sourced<string>;
  key?: Sourced<string>;
  claude: {
    /** Anthropic base: the gateway root, without `/v1` (Claude Code appends `/v1/messages`). */
    baseUrl: Sourced<string>;
    auth: Sourced<ClaudeAuth>;
    /** Whether Claude Code lists the gateway's models in its /model picker. */
    discovery: Sourced<boolean>;
    /** The extra entry of /model (ANTHROPIC_CUSTOM_MODEL_OPTION), if any. */
    customModel?: Sourced<string>;
  } & Record<ClaudeTier, Sourced<string>>;
  env: Record<string, Sourced<string>>;
  routes: Record<string, Sourced<RouteName>>;
  /** Which gateway models the agents' pickers list (ids or `*` patterns); undefined: all. */
  models?: Sourced<string[]>;
}
