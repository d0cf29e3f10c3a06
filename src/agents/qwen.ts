import type { Agent } from './types.js';

/** Qwen Code speaks OpenAI's API when told to (--auth-type openai), with the OPENAI_* variables. */
export const qwen: Agent = {
  name: 'qwen',
  title: 'Qwen Code',
  commands: ['qwen'],
  install: 'npm i -g @qwen-code/qwen-code',
  launch({ profile }) {
    return {
      args: ['--auth-type', 'openai'],
      env: { OPENAI_BASE_URL: profile.baseUrl.value, ...(profile.key && { OPENAI_API_KEY: profile.key.value }), OPENAI_MODEL: profile.model.value },
    };
  },
};
