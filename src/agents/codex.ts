import type { Agent } from './types.js';

/** A TOML basic string: JSON's string escapes are all valid TOML escapes. */
const tomlString = (value: string) => JSON.stringify(value);

/**
 * Codex ignores OPENAI_BASE_URL: it needs a provider, given here as `-c` overrides so that
 * ~/.codex/config.toml stays untouched. It reads the key from the variable named by env_key, and
 * posts to {base_url}/responses (wire_api "chat" is refused by current Codex). The model is a
 * config override too, so a user's own `-m` still wins, and it reaches every subcommand.
 */
export const codex: Agent = {
  command: 'codex',
  install: 'npm i -g @openai/codex',
  launch({ profile }) {
    const provider = `{name="AIGate",base_url=${tomlString(profile.baseUrl.value)},env_key="AIGATE_API_KEY",wire_api="responses"}`;
    return {
      args: ['-c', 'model_provider="aigate"', '-c', `model_providers.aigate=${provider}`, '-c', `model=${tomlString(profile.model.value)}`],
      env: {},
    };
  },
};
