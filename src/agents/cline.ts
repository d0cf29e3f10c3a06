import type { Agent } from './types.js';

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
  launch({ profile, privateFile }) {
    const settings = {
      version: 1,
      lastUsedProvider: 'openai-compatible',
      providers: {
        'openai-compatible': {
          settings: { provider: 'openai-compatible', model: profile.model.value, baseUrl: profile.baseUrl.value },
          updatedAt: new Date().toISOString(),
        },
      },
    };
    return {
      args: [],
      env: {
        CLINE_PROVIDER_SETTINGS_PATH: privateFile('cline-providers.json', `${JSON.stringify(settings, null, 2)}\n`),
        ...(profile.key && { OPENAI_API_KEY: profile.key.value }),
        CLINE_SESSION_BACKEND_MODE: 'local',
      },
    };
  },
};
