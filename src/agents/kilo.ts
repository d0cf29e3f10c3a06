import { join } from 'node:path';
import { homeOf } from '../config/paths.js';
import type { Profile } from '../profile/types.js';
import { opencodeConfig } from './opencode.js';
import { KEY_NOTE } from './setup.js';
import type { Agent } from './types.js';


const KILO_SCHEMA = 'https://app.kilo.ai/config.json';

/** For the legacy (v4/v5) editor extension, which keeps its settings in its own UI: what to enter there. */
function legacySettings(profile: Profile, json: boolean): string {
  const fields = {
    provider: 'OpenAI Compatible',
    baseUrl: profile.baseUrl.value,
    fullEndpoint: `${profile.baseUrl.value}/chat/completions`,
    modelId: profile.model.value,
  };
  // The key is not printed: a field holds a value to paste, so JSON names the variable that holds it.
  if (json) return `${JSON.stringify({ ...fields, apiKeyVariable: profile.apiKeyEnv.value }, null, 2)}\n`;
  return [
    'In the Kilo Code extension before v7: Settings → Providers → API Provider:',
    `  API Provider   ${fields.provider}`,
    `  Base URL       ${fields.baseUrl}`,
    `                 (versions that ask for the full endpoint: ${fields.fullEndpoint})`,
    `  API Key        the value of ${profile.apiKeyEnv.value} (\`aigate key\` prints it)`,
    `  Model          ${fields.modelId}`,
    '',
  ].join('\n');
}

/**
 * Kilo Code's CLI, and its v7 editor extension, which runs on the CLI and reads the same files.
 * `aigate run kilo` hands the whole config in KILO_CONFIG_CONTENT (it ranks above the files);
 * `aigate setup kilo` writes kilo.jsonc.
 */
export const kilo: Agent = {
  name: 'kilo',
  title: 'Kilo Code',
  commands: ['kilo', 'kilocode'],
  install: 'npm i -g @kilocode/cli',
  routes: { default: 'chat', supported: ['chat', 'responses', 'messages'] },
  launch({ profile, route }) {
    // Kilo Code is an OpenCode fork: the same provider; for this run, only it enabled.
    return { args: [], env: { KILO_CONFIG_CONTENT: JSON.stringify({ ...opencodeConfig(profile, route), enabled_providers: ['aigate'] }) } };
  },
  setup: {
    format: 'jsonc',
    scopes: ['global', 'project'],
    file: (scope, env) => (scope === 'project' ? 'kilo.json' : join(env.XDG_CONFIG_HOME || join(homeOf(env), '.config'), 'kilo', 'kilo.jsonc')),
    // Not enabled_providers: a list in the user's file is theirs to keep.
    target: ({ profile, route }) => opencodeConfig(profile, route),
    // What Kilo Code itself puts first in the file.
    newFile: { $schema: KILO_SCHEMA },
    notes: () => [KEY_NOTE, 'the Kilo Code extension from v7 runs on the CLI and reads this same file; for an older one: aigate setup kilo --print'],
  },
  printSettings: legacySettings,
  quiet: { KILO_SESSION_RETRY_LIMIT: '1', KILO_DISABLE_MODELS_FETCH: '1', KILO_TELEMETRY_LEVEL: 'off', KILO_DISABLE_AUTOUPDATE: '1' },
};
