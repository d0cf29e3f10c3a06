import type { RouteName } from '../profile/routes.js';
import type { Agent } from './types.js';

/** The --auth-type that selects each route. */
const AUTH_TYPE: Record<RouteName, string> = { chat: 'openai', responses: 'openai-responses', messages: 'anthropic' };

/**
 * Qwen Code speaks a route when told to (--auth-type), with the OPENAI_* variables, or for
 * messages the ANTHROPIC_* ones (the root without /v1, the key in ANTHROPIC_API_KEY, which it sends as Bearer).
 */
export const qwen: Agent = {
  name: 'qwen',
  title: 'Qwen Code',
  commands: ['qwen'],
  install: 'npm i -g @qwen-code/qwen-code',
  routes: { default: 'chat', supported: ['chat', 'responses', 'messages'] },
  baseUrlVariables: ['OPENAI_BASE_URL'],
  launch({ profile, route }) {
    const env =
      route === 'messages'
        ? { ANTHROPIC_BASE_URL: profile.claude.baseUrl.value, ...(profile.key && { ANTHROPIC_API_KEY: profile.key.value }), ANTHROPIC_MODEL: profile.claude.model.value }
        : { OPENAI_BASE_URL: profile.baseUrl.value, ...(profile.key && { OPENAI_API_KEY: profile.key.value }), OPENAI_MODEL: profile.model.value };
    return { args: ['--auth-type', AUTH_TYPE[route]], env };
  },
};
