import { type RouteName, routeBase, routeModel } from '../profile/routes.js';
import type { Tree } from '../edit/verify.js';
import type { Profile } from '../profile/types.js';
import { KEY_VARIABLE } from '../profile/variables.js';
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
 * OpenCode's provider: the package for the route, the key as a reference to AIGATE_API_KEY (never
 * the key itself), the gateway's models (its picker lists exactly these); and the model to use.
 * `key: "env"` names the variable in the provider's `env` list instead of an `{env:…}` reference:
 * Kilo Code refuses environment references in a project's file (7.7.7, `kilo config check`).
 */
export function opencodeConfig(profile: Profile, route: RouteName, models: readonly string[], key: 'reference' | 'env' = 'reference'): Tree {
  const baseURL = routeBase(profile, route, 'v1');
  return {
    provider: {
      aigate: {
        npm: PROVIDER_PACKAGE[route],
        name: 'AIGate',
        ...(key === 'env' && { env: [KEY_VARIABLE] }),
        options: { baseURL, ...(key === 'reference' && { apiKey: `{env:${KEY_VARIABLE}}` }) },
        models: Object.fromEntries(models.map((id) => [id, { name: id }])),
      },
    },
    model: `aigate/${routeModel(profile, route)}`,
    // The env list is a list: the JSONC editor writes and compares it whole (its Tree type has strings and tables only).
  } as unknown as Tree;
}

export const OPENCODE_SCHEMA = 'https://opencode.ai/config.json';

/** A whole config in OPENCODE_CONFIG_CONTENT. A model the user picks with -m still wins over the configured one. */
export const opencode: Agent = {
  name: 'opencode',
  title: 'OpenCode',
  commands: ['opencode'],
  install: 'npm i -g opencode-ai',
  routes: { default: 'chat', supported: ['chat', 'responses', 'messages'] },
  listsModels: true,
  launch({ profile, route, models }) {
    return { args: [], env: { OPENCODE_CONFIG_CONTENT: JSON.stringify({ $schema: OPENCODE_SCHEMA, ...opencodeConfig(profile, route, models) }) } };
  },
  setup: {
    format: 'jsonc',
    scopes: ['project', 'global'],
    file: (scope, env) => (scope === 'project' ? 'opencode.json' : join(env.XDG_CONFIG_HOME || join(homeOf(env), '.config'), 'opencode', 'opencode.json')),
    target: ({ profile, route, models }) => opencodeConfig(profile, route, models),
    newFile: { $schema: OPENCODE_SCHEMA },
    notes: () => [KEY_NOTE],
  },
  quiet: { OPENCODE_DISABLE_MODELS_FETCH: '1' },
};
