/**
 * Claude Code's model settings, one row each: the key under a profile's [claude] table, and the
 * variable Claude Code reads it from. `model` is the main model; the tiers are what its /model
 * picker calls sonnet, opus and haiku (haiku also serves background tasks).
 */
export const CLAUDE_TIERS = [
  { key: 'model', variable: 'ANTHROPIC_MODEL' },
  // A picker tier: /model shows it, labelled by tierLabels.
  { key: 'sonnet', variable: 'ANTHROPIC_DEFAULT_SONNET_MODEL', labelled: true },
  { key: 'opus', variable: 'ANTHROPIC_DEFAULT_OPUS_MODEL', labelled: true },
  { key: 'haiku', variable: 'ANTHROPIC_DEFAULT_HAIKU_MODEL', labelled: true },
] as const;

/**
 * The variables that label a tier's entry in /model (2.1.197: `X_NAME`, `X_DESCRIPTION` beside the
 * tier's variable X), so the picker says which gateway model each tier is.
 */
export function tierLabels(variable: string, id: string): Record<string, string> {
  return { [`${variable}_NAME`]: id, [`${variable}_DESCRIPTION`]: `${id} on AIGate` };
}

/**
 * One more entry in /model, for a gateway model that discovery leaves out (it keeps only ids that
 * begin with claude or anthropic): the id, its name and its description.
 */
export const CLAUDE_CUSTOM_OPTION = 'ANTHROPIC_CUSTOM_MODEL_OPTION';

/**
 * Every switch Claude Code 2.1.197 knows that sends it to another provider than the base URL (read
 * from the binary's own list; a test compares this list with the pinned binary's).
 */
export const CLAUDE_PROVIDER_SWITCHES = [
  'CLAUDE_CODE_USE_BEDROCK',
  'CLAUDE_CODE_USE_VERTEX',
  'CLAUDE_CODE_USE_FOUNDRY',
  'CLAUDE_CODE_USE_ANTHROPIC_AWS',
  'CLAUDE_CODE_USE_MANTLE',
  'CLAUDE_CODE_USE_GATEWAY',
] as const;

export type ClaudeTier = (typeof CLAUDE_TIERS)[number]['key'];

/** Lets Claude Code list the gateway's models (GET /v1/models) in its /model picker. */
export const CLAUDE_DISCOVERY_VARIABLE = 'CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY';
