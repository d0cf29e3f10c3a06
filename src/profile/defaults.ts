import type { ClaudeAuth } from './types.js';

export const DEFAULT_PROFILE = 'default';

/** The built-in profile: what `aigate env` prints with no config at all. */
export const DEFAULTS = {
  base_url: 'https://api.aigate.shop/v1',
  api_key_env: 'AIGATE_API_KEY',
  model: 'openai/gpt-5.5',
  claude: {
    model: 'anthropic/claude-sonnet-4.6',
    sonnet: 'anthropic/claude-sonnet-4.6',
    opus: 'anthropic/claude-opus-4.7',
    haiku: 'anthropic/claude-haiku-4.5',
    auth: 'token' as ClaudeAuth,
    model_discovery: true,
  },
} as const;
