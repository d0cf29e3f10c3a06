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
  launch({ profile, privateFile }) {
    const config = {
      name: 'AIGate',
      version: '1.0.0',
      schema: 'v1',
      models: [
        {
          name: `AIGate ${profile.model.value}`,
          provider: 'openai',
          model: profile.model.value,
          apiBase: profile.baseUrl.value,
          apiKey: '${{ secrets.AIGATE_API_KEY }}',
          roles: ['chat', 'edit', 'apply'],
        },
      ],
    };
    return { args: ['--config', privateFile('continue-config.yaml', `${JSON.stringify(config, null, 2)}\n`)], env: {} };
  },
};
