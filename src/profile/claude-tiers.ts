/**
 * Claude Code's model settings, one row each: the key under a profile's [claude] table, and the
 * variable Claude Code reads it from. `model` is the main model; the tiers are what its /model
 * picker calls sonnet, opus and haiku (haiku also serves background tasks).
 */
export const CLAUDE_TIERS = [
  { key: 'model', variable: 'ANTHROPIC_MODEL' },
  { key: 'sonnet', variable: 'ANTHROPIC_DEFAULT_SONNET_MODEL' },
  { key: 'opus', variable: 'ANTHROPIC_DEFAULT_OPUS_MODEL' },
  { key: 'haiku', variable: 'ANTHROPIC_DEFAULT_HAIKU_MODEL' },
] as const;

export type ClaudeTier = (typeof CLAUDE_TIERS)[number]['key'];

/** Lets Claude Code list the gateway's models (GET /v1/models) in its /model picker. */
export const CLAUDE_DISCOVERY_VARIABLE = 'CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY';
