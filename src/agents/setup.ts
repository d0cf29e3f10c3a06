import { join } from 'node:path';
import { homeOf } from '../config/paths.js';
import { posixQuote } from '../shells/posix.js';
import { JSONC } from '../edit/jsonc.js';
import { TOML } from '../edit/toml.js';
import type { DocumentFormat, Tree } from '../edit/verify.js';
import type { Profile } from '../profile/types.js';
import { codexProvider } from './codex.js';
import { OPENCODE_SCHEMA, opencodeConfig } from './opencode.js';

type Environment = Record<string, string | undefined>;
export type Scope = 'global' | 'project';

interface Context {
  profile: Profile;
  /** How the agent runs `aigate key` (claude's apiKeyHelper). */
  keyCommand: string;
}

/** How `aigate setup` writes one agent's own configuration: which file, in which format, what goes in. */
export interface SetupSpec {
  agent: string;
  format: DocumentFormat;
  /** The first is the default. A project's file is written only inside the project folder. */
  scopes: readonly Scope[];
  file(scope: Scope, env: Environment): string;
  /** The keys aigate manages in the file. */
  target(c: Context): Tree;
  /** What a file aigate creates starts with. */
  newFile?: Record<string, unknown>;
  notes(c: Context): string[];
}

const KEY_NOTE = 'the key is not written: the agent reads it from AIGATE_API_KEY, which the shell integration (aigate install) or your environment must provide; an agent started from a desktop or IDE does not see shell variables';

export const SETUPS: readonly SetupSpec[] = [
  {
    agent: 'codex',
    format: TOML,
    scopes: ['global'],
    file: (_scope, env) => join(env.CODEX_HOME || join(homeOf(env), '.codex'), 'config.toml'),
    target: ({ profile }) => ({ model_provider: 'aigate', model: profile.model.value, model_providers: { aigate: codexProvider(profile) } }),
    notes: () => [KEY_NOTE],
  },
  {
    agent: 'opencode',
    format: JSONC,
    scopes: ['project', 'global'],
    file: (scope, env) => (scope === 'project' ? 'opencode.json' : join(env.XDG_CONFIG_HOME || join(homeOf(env), '.config'), 'opencode', 'opencode.json')),
    target: ({ profile }) => opencodeConfig(profile),
    newFile: { $schema: OPENCODE_SCHEMA },
    notes: () => [KEY_NOTE],
  },
  {
    agent: 'claude',
    format: JSONC,
    scopes: ['global', 'project'],
    file: (scope, env) => (scope === 'global' ? join(homeOf(env), '.claude', 'settings.json') : join('.claude', 'settings.local.json')),
    // Everything but the key; Claude Code asks `aigate key` for it (apiKeyHelper), so it never sits in the file.
    target: ({ profile, keyCommand }) => ({
      env: {
        ANTHROPIC_BASE_URL: profile.claude.baseUrl.value,
        ANTHROPIC_MODEL: profile.claude.model.value,
        ANTHROPIC_DEFAULT_SONNET_MODEL: profile.claude.sonnet.value,
        ANTHROPIC_DEFAULT_OPUS_MODEL: profile.claude.opus.value,
        ANTHROPIC_DEFAULT_HAIKU_MODEL: profile.claude.haiku.value,
      },
      apiKeyHelper: keyCommand,
    }),
    notes: ({ keyCommand }) => [`Claude Code gets the key from \`${keyCommand}\`: it must find it without your shell (the .env beside config.toml, or the keychain)`],
  },
];

/** The command line for `aigate key` as an agent runs it: this aigate, by absolute path. */
export function keyCommandLine(bin: string, profile: string | undefined, platform = process.platform): string {
  const profileFlag = profile ? ` --profile ${platform === 'win32' ? profile : posixQuote(profile)}` : '';
  return platform === 'win32' ? `aigate key${profileFlag}` : `${posixQuote(bin)} key${profileFlag}`;
}
