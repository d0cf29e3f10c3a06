import { CLAUDE_TIERS } from '../profile/claude-tiers.js';
import type { Profile } from '../profile/types.js';
import { join } from 'node:path';
import { homeOf } from '../config/paths.js';
import { JSONC } from '../edit/jsonc.js';
import { KEY_NOTE } from './setup.js';
import type { Agent } from './types.js';

/**
 * OpenCode's provider: its bundled OpenAI-compatible package, the key as a reference to
 * AIGATE_API_KEY (never the key itself), and the profile's models; and the model to use.
 */
export function opencodeConfig(profile: Profile) {
  const models = [...new Set([profile.model, ...CLAUDE_TIERS.map(({ key }) => profile.claude[key])].map((m) => m.value))];
  return {
    provider: {
      aigate: {
        npm: '@ai-sdk/openai-compatible',
        name: 'AIGate',
        options: { baseURL: profile.baseUrl.value, apiKey: '{env:AIGATE_API_KEY}' },
        models: Object.fromEntries(models.map((id) => [id, { name: id }])),
      },
    },
    model: `aigate/${profile.model.value}`,
  };
}

export const OPENCODE_SCHEMA = 'https://opencode.ai/config.json';

/** A whole config in OPENCODE_CONFIG_CONTENT. A model the user picks with -m still wins over the configured one. */
export const opencode: Agent = {
  name: 'opencode',
  title: 'OpenCode',
  commands: ['opencode'],
  install: 'npm i -g opencode-ai',
  launch({ profile }) {
    return { args: [], env: { OPENCODE_CONFIG_CONTENT: JSON.stringify({ $schema: OPENCODE_SCHEMA, ...opencodeConfig(profile) }) } };
  },
  setup: {
    format: JSONC,
    scopes: ['project', 'global'],
    file: (scope, env) => (scope === 'project' ? 'opencode.json' : join(env.XDG_CONFIG_HOME || join(homeOf(env), '.config'), 'opencode', 'opencode.json')),
    target: ({ profile }) => opencodeConfig(profile),
    newFile: { $schema: OPENCODE_SCHEMA },
    notes: () => [KEY_NOTE],
  },
  quiet: { OPENCODE_DISABLE_MODELS_FETCH: '1' },
};
