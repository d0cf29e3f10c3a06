import { join } from 'node:path';
import { homeOf } from '../config/paths.js';
import { tomlString } from '../edit/toml-data.js';
import type { Profile } from '../profile/types.js';
import { KEY_VARIABLE } from '../profile/variables.js';
import { KEY_NOTE } from './setup.js';
import type { Agent } from './types.js';

/**
 * The provider Codex needs (it ignores OPENAI_BASE_URL): it posts to {base_url}/responses (wire_api
 * "chat" is refused by current Codex) and reads the key from the variable named by env_key.
 * `aigate run` passes it as -c overrides, `aigate setup` writes it.
 */
export function codexProvider(profile: Profile): Record<string, string> {
  return { name: 'AIGate', base_url: profile.baseUrl.value, env_key: KEY_VARIABLE, wire_api: 'responses' };
}

/**
 * Given as `-c` overrides, so that ~/.codex/config.toml stays untouched. The model is a config
 * override too, so a user's own `-m` still wins, and it reaches every subcommand.
 */
export const codex: Agent = {
  name: 'codex',
  title: 'Codex CLI',
  commands: ['codex'],
  routes: { default: 'responses', supported: ['responses'] },
  install: 'npm i -g @openai/codex',
  launch({ profile }) {
    const provider = `{${Object.entries(codexProvider(profile)).map(([k, v]) => `${k}=${tomlString(v)}`).join(',')}}`;
    return {
      args: ['-c', 'model_provider="aigate"', '-c', `model_providers.aigate=${provider}`, '-c', `model=${tomlString(profile.model.value)}`],
      env: {},
    };
  },
  setup: {
    format: 'toml',
    // Codex has no project configuration file.
    scopes: ['global'],
    file: (_scope, env) => join(env.CODEX_HOME || join(homeOf(env), '.codex'), 'config.toml'),
    target: ({ profile }) => ({ model_provider: 'aigate', model: profile.model.value, model_providers: { aigate: codexProvider(profile) } }),
    notes: () => [KEY_NOTE],
  },
};
