import { CLAUDE_TIERS } from '../profile/claude-tiers.js';
import { type RouteName, routeModel } from '../profile/routes.js';
import type { Profile } from '../profile/types.js';
import { join } from 'node:path';
import { homeOf } from '../config/paths.js';
import { KEY_NOTE } from './setup.js';
import type { Agent } from './types.js';

/**
 * The AI SDK package OpenCode (and Kilo Code) uses for each route, all bundled with it; the
 * Anthropic one takes the gateway root with /v1 and sends the key as x-api-key.
 */
const PROVIDER_PACKAGE: Record<RouteName, string> = { chat: '@ai-sdk/openai-compatible', responses: '@ai-sdk/openai', messages: '@ai-sdk/anthropic' };

/**
 * OpenCode's provider: the package for the route, the key as a reference to AIGATE_API_KEY
 * (never the key itself), and the profile's models; and the model to use.
 */
export function opencodeConfig(profile: Profile, route: RouteName) {
  const baseURL = route === 'messages' ? `${profile.claude.baseUrl.value}/v1` : profile.baseUrl.value;
  const models = [...new Set([profile.model, ...CLAUDE_TIERS.map(({ key }) => profile.claude[key])].map((m) => m.value))];
  return {
    provider: {
      aigate: {
        npm: PROVIDER_PACKAGE[route],
        name: 'AIGate',
        options: { baseURL, apiKey: '{env:AIGATE_API_KEY}' },
        models: Object.fromEntries(models.map((id) => [id, { name: id }])),
      },
    },
    model: `aigate/${routeModel(profile, route)}`,
  };
}

export const OPENCODE_SCHEMA = 'https://opencode.ai/config.json';

/** A whole config in OPENCODE_CONFIG_CONTENT. A model the user picks with -m still wins over the configured one. */
export const opencode: Agent = {
  name: 'opencode',
  title: 'OpenCode',
  commands: ['opencode'],
  install: 'npm i -g opencode-ai',
  routes: { default: 'chat', supported: ['chat', 'responses', 'messages'] },
  launch({ profile, route }) {
    return { args: [], env: { OPENCODE_CONFIG_CONTENT: JSON.stringify({ $schema: OPENCODE_SCHEMA, ...opencodeConfig(profile, route) }) } };
  },
  setup: {
    format: 'jsonc',
    scopes: ['project', 'global'],
    file: (scope, env) => (scope === 'project' ? 'opencode.json' : join(env.XDG_CONFIG_HOME || join(homeOf(env), '.config'), 'opencode', 'opencode.json')),
    target: ({ profile, route }) => opencodeConfig(profile, route),
    newFile: { $schema: OPENCODE_SCHEMA },
    notes: () => [KEY_NOTE],
  },
  quiet: { OPENCODE_DISABLE_MODELS_FETCH: '1' },
};
