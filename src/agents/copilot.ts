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
  launch({ profile }) {
    return {
      args: [],
      env: {
        COPILOT_PROVIDER_BASE_URL: profile.baseUrl.value,
        ...(profile.key && { COPILOT_PROVIDER_API_KEY: profile.key.value }),
        COPILOT_MODEL: profile.model.value,
      },
    };
  },
  quiet: { COPILOT_OFFLINE: 'true', COPILOT_AUTO_UPDATE: 'false' },
};
