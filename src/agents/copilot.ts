import { isAnthropicRoute, routeBase, routeModel } from '../profile/routes.js';
import type { Agent } from './types.js';

/**
 * GitHub Copilot CLI brings its own key through COPILOT_PROVIDER_* variables (no GitHub login
 * needed): the base with /v1, the key, the model. They go to the child's environment only.
 */
export const copilot: Agent = {
  name: 'copilot',
  title: 'GitHub Copilot CLI',
  commands: ['copilot'],
  install: 'npm i -g @github/copilot',
  routes: { default: 'chat', supported: ['chat', 'responses', 'messages'] },
  baseUrlVariables: ['COPILOT_PROVIDER_BASE_URL'],
  // Messages: the Anthropic type, at the gateway root (without /v1), the key as x-api-key.
  launch({ profile, route }) {
    return {
      args: [],
      env: {
        COPILOT_PROVIDER_BASE_URL: routeBase(profile, route),
        ...(profile.key && { COPILOT_PROVIDER_API_KEY: profile.key.value }),
        COPILOT_MODEL: routeModel(profile, route),
        ...(isAnthropicRoute(route) && { COPILOT_PROVIDER_TYPE: 'anthropic' }),
        ...(route === 'responses' && { COPILOT_PROVIDER_WIRE_API: 'responses' }),
      },
    };
  },
  quiet: { COPILOT_OFFLINE: 'true', COPILOT_AUTO_UPDATE: 'false' },
};
