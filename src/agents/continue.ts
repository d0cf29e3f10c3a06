import type { Agent } from './types.js';

/**
 * Continue's CLI (`cn`) takes a whole config with --config: a private one per run, in JSON (which
 * is YAML), the key as `${{ secrets.AIGATE_API_KEY }}`, which cn reads from the environment.
 */
export const continueCli: Agent = {
  name: 'continue',
  title: 'Continue CLI',
  commands: ['cn'],
  install: 'npm i -g @continuedev/cli',
  // Responses cannot be chosen: cn picks it by the model's name (a *-codex model), whatever the settings.
  routes: { default: 'chat', supported: ['chat', 'messages'] },
  launch({ profile, route, privateFile }) {
    const model = route === 'messages' ? profile.claude.model.value : profile.model.value;
    const config = {
      name: 'AIGate',
      version: '1.0.0',
      schema: 'v1',
      models: [
        {
          name: `AIGate ${model}`,
          provider: route === 'messages' ? 'anthropic' : 'openai',
          model,
          apiBase: profile.baseUrl.value,
          apiKey: '${{ secrets.AIGATE_API_KEY }}',
          roles: ['chat', 'edit', 'apply'],
        },
      ],
    };
    return { args: ['--config', privateFile('continue-config.yaml', `${JSON.stringify(config, null, 2)}\n`)], env: {} };
  },
};
