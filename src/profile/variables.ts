import { CLAUDE_CUSTOM_OPTION, CLAUDE_DISCOVERY_VARIABLE, CLAUDE_PROVIDER_SWITCHES, CLAUDE_TIERS, tierLabels } from './claude-tiers.js';
import { ProfileError } from './error.js';
import type { ClaudeAuth, Profile, Source } from './types.js';

export interface Assignment {
  name: string;
  value: string;
  source: Source;
  /** Holds the API key: masked everywhere but where the user asked for it. */
  secret?: boolean;
}

export interface Removal {
  name: string;
  reason: string;
}

/** What a profile does to an environment: the variables it sets and the ones it removes. */
export interface VariablePlan {
  set: Assignment[];
  unset: Removal[];
}

/** The variable that carries the key to every agent (their configs name it; the key itself is never written). */
export const KEY_VARIABLE = 'AIGATE_API_KEY';

/** Claude Code reads the key from one of these; the other is removed so only one header is sent. */
const CLAUDE_KEY_VARIABLE: Record<ClaudeAuth, string> = {
  token: 'ANTHROPIC_AUTH_TOKEN',
  'api-key': 'ANTHROPIC_API_KEY',
};


/** The variables aigate derives itself; `[env]` may not set them (it would fight the profile). */
export const MANAGED_VARIABLES = [
  'AIGATE_PROFILE',
  'AIGATE_BASE_URL',
  KEY_VARIABLE,
  'AIGATE_MODEL',
  'ANTHROPIC_BASE_URL',
  ...CLAUDE_TIERS.flatMap((tier) => ('labelled' in tier ? [tier.variable, ...Object.keys(tierLabels(tier.variable, ''))] : [tier.variable])),
  CLAUDE_DISCOVERY_VARIABLE,
  ...Object.keys(customOption('')),
  ...Object.values(CLAUDE_KEY_VARIABLE),
  ...CLAUDE_PROVIDER_SWITCHES,
];

/** The variables of Claude Code's one extra /model entry. */
function customOption(id: string): Record<string, string> {
  return { [CLAUDE_CUSTOM_OPTION]: id, ...tierLabels(CLAUDE_CUSTOM_OPTION, id) };
}

export function profileVariables(profile: Profile): VariablePlan {
  const { claude, key } = profile;
  const set: Assignment[] = [
    { name: 'AIGATE_PROFILE', ...profile.name },
    { name: 'AIGATE_BASE_URL', ...profile.baseUrl },
    { name: 'AIGATE_MODEL', ...profile.model },
    { name: 'ANTHROPIC_BASE_URL', ...claude.baseUrl },
    ...CLAUDE_TIERS.flatMap((tier) => [
      { name: tier.variable, ...claude[tier.key] },
      // Each tier named in /model by the gateway model it is.
      ...('labelled' in tier ? Object.entries(tierLabels(tier.variable, claude[tier.key].value)).map(([name, value]) => ({ name, value, source: claude[tier.key].source })) : []),
    ]),
  ];
  if (claude.customModel) {
    for (const [name, value] of Object.entries(customOption(claude.customModel.value))) set.push({ name, value, source: claude.customModel.source });
  }
  // Claude Code then asks the gateway for its models (GET /v1/models) and lists them in /model.
  if (claude.discovery.value) set.push({ name: CLAUDE_DISCOVERY_VARIABLE, value: '1', source: claude.discovery.source });
  const unset: Removal[] = CLAUDE_PROVIDER_SWITCHES.map((name) => ({ name, reason: 'it would send Claude Code to another provider' }));
  if (key) {
    set.push(
      { name: KEY_VARIABLE, ...key, secret: true },
      { name: CLAUDE_KEY_VARIABLE[claude.auth.value], ...key, secret: true },
    );
  }
  // Any other Anthropic credential would be sent to the gateway: removed, key or no key.
  for (const [auth, name] of Object.entries(CLAUDE_KEY_VARIABLE)) {
    if (!key || auth !== claude.auth.value) {
      unset.push({ name, reason: key ? `claude.auth is "${claude.auth.value}"` : 'no AIGate key: another key would go to the gateway' });
    }
  }
  for (const [name, value] of Object.entries(profile.env)) {
    if (MANAGED_VARIABLES.includes(name)) {
      throw new ProfileError(
        `${name} is set by aigate itself and cannot be given in [env]; use the profile's own keys (base_url, model, claude.*)`,
        value.source,
      );
    }
    set.push({ name, ...value });
  }
  return { set, unset };
}
