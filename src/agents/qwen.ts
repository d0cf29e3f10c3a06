import { isAnthropicRoute, type RouteName, routeBase, routeModel } from '../profile/routes.js';
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
    const prefix = isAnthropicRoute(route) ? 'ANTHROPIC' : 'OPENAI';
    const env = {
      [`${prefix}_BASE_URL`]: routeBase(profile, route),
      ...(profile.key && { [`${prefix}_API_KEY`]: profile.key.value }),
      [`${prefix}_MODEL`]: routeModel(profile, route),
    };
    return { args: ['--auth-type', AUTH_TYPE[route]], env };
  },
};
