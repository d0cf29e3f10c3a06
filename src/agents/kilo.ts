import { join } from 'node:path';
import { homeOf } from '../config/paths.js';
import { readText } from '../edit/file.js';
import type { Profile } from '../profile/types.js';
import { opencodeConfig } from './opencode.js';
import { KEY_NOTE } from './setup.js';
import type { Agent, DoctorCheck, DoctorContext } from './types.js';


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
 * Kilo Code with aigate's provider in its file but an `enabled_providers` list without it ignores
 * the provider: the list is the user's, so doctor names it rather than setup rewriting it.
 */
async function kiloChecks({ env }: DoctorContext): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  for (const file of [kiloFile('global', env), kiloFile('project', env)]) {
    const text = readText(file);
    if (text === undefined) continue;
    const { JSONC } = await import('../edit/jsonc.js');
    let config: { provider?: { aigate?: unknown }; enabled_providers?: unknown };
    try {
      config = JSONC.data(file, text) as typeof config;
    } catch (error) {
      checks.push({ status: 'fail', check: 'kilo config', detail: (error as Error).message, fix: 'fix the file: Kilo Code cannot load it either' });
      continue;
    }
    const enabled = config?.enabled_providers;
    if (config?.provider?.aigate && Array.isArray(enabled) && !enabled.includes('aigate')) {
      checks.push({ status: 'fail', check: 'kilo config', detail: `${file}: enabled_providers does not list "aigate", so Kilo Code ignores its provider`, fix: 'add "aigate" to enabled_providers' });
    }
  }
  return checks;
}

/** Kilo Code's user-wide file, or the project's. */
const kiloFile = (scope: 'global' | 'project', env: Record<string, string | undefined>) =>
  scope === 'project' ? 'kilo.json' : join(env.XDG_CONFIG_HOME || join(homeOf(env), '.config'), 'kilo', 'kilo.jsonc');

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
  listsModels: true,
  launch({ profile, route, models }) {
    // Kilo Code is an OpenCode fork: the same provider; for this run, only it enabled.
    return { args: [], env: { KILO_CONFIG_CONTENT: JSON.stringify({ ...opencodeConfig(profile, route, models), enabled_providers: ['aigate'] }) } };
  },
  setup: {
    format: 'jsonc',
    scopes: ['global', 'project'],
    file: kiloFile,
    // Not enabled_providers: a list in the user's file is theirs to keep.
    // A project's file may not hold {env:…} references (Kilo skips the whole file): the key's variable is named in the provider's env list.
    target: ({ profile, route, models, scope }) => opencodeConfig(profile, route, models, scope === 'project' ? 'env' : 'reference'),
    // What Kilo Code itself puts first in the file.
    newFile: { $schema: KILO_SCHEMA },
    notes: () => [KEY_NOTE, 'the Kilo Code extension from v7 runs on the CLI and reads this same file; for an older one: aigate setup kilo --print'],
  },
  doctor: kiloChecks,
  printSettings: legacySettings,
  quiet: { KILO_SESSION_RETRY_LIMIT: '1', KILO_DISABLE_MODELS_FETCH: '1', KILO_TELEMETRY_LEVEL: 'off', KILO_DISABLE_AUTOUPDATE: '1' },
};
