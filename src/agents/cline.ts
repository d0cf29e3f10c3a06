import { isAnthropicRoute, type RouteName, routeBase, routeModel } from '../profile/routes.js';
import type { Agent } from './types.js';

/** Cline's provider for each route; each takes the base with /v1. */
const PROVIDER: Record<RouteName, string> = { chat: 'openai-compatible', responses: 'openai-native', messages: 'anthropic' };

/**
 * Cline reads its provider from the file named by CLINE_PROVIDER_SETTINGS_PATH: a private one per
 * run (it rewrites the file as it goes), holding no key; the key comes from OPENAI_API_KEY.
 * `updatedAt` is required: without it Cline silently uses its own service. Local mode: no hub
 * daemon left running.
 */
export const cline: Agent = {
  name: 'cline',
  title: 'Cline',
  commands: ['cline'],
  install: 'npm i -g cline',
  routes: { default: 'chat', supported: ['chat', 'responses', 'messages'] },
  launch({ profile, route, privateFile }) {
    const provider = PROVIDER[route];
    const settings = {
      version: 1,
      lastUsedProvider: provider,
      providers: { [provider]: { settings: { provider, model: routeModel(profile, route), baseUrl: routeBase(profile, route, 'v1') }, updatedAt: new Date().toISOString() } },
    };
    return {
      args: [],
      env: {
        CLINE_PROVIDER_SETTINGS_PATH: privateFile('cline-providers.json', `${JSON.stringify(settings, null, 2)}\n`),
        ...(profile.key && { [isAnthropicRoute(route) ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY']: profile.key.value }),
        CLINE_SESSION_BACKEND_MODE: 'local',
      },
    };
  },
};
