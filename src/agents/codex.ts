import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import spawn from 'cross-spawn';
import { homeOf } from '../config/paths.js';
import { readText } from '../edit/file.js';
import { tomlString } from '../edit/toml-data.js';
import type { Profile } from '../profile/types.js';
import { KEY_VARIABLE } from '../profile/variables.js';
import { KEY_NOTE } from './setup.js';
import type { Agent, DoctorCheck, DoctorContext } from './types.js';

/** $CODEX_HOME, where Codex keeps config.toml (default ~/.codex). */
const codexHome = (env: Record<string, string | undefined>) => env.CODEX_HOME || join(homeOf(env), '.codex');

/**
 * The provider Codex needs (it ignores OPENAI_BASE_URL): it posts to {base_url}/responses (wire_api
 * "chat" is refused by current Codex) and reads the key from the variable named by env_key.
 * `aigate run` passes it as -c overrides, `aigate setup` writes it.
 */
export function codexProvider(profile: Profile): Record<string, string> {
  return { name: 'AIGate', base_url: profile.baseUrl.value, env_key: KEY_VARIABLE, wire_api: 'responses' };
}

/**
 * Codex's /model picker shows the catalog named by `model_catalog_json` (0.169), else OpenAI's
 * built-in list. Each gateway model gets an entry made from Codex's own entry for a general model
 * (its instructions and tools: an entry needs them, and an empty prompt would leave the agent
 * without its instructions), read with `codex debug models`; undefined when this Codex cannot say.
 */
function catalogFor(command: string, models: readonly string[]): string | undefined {
  // Asked in an empty CODEX_HOME: Codex's built-in list, not a catalog a config already names (and
  // Codex refuses a CODEX_HOME that does not exist yet, as before a first setup).
  const home = mkdtempSync(join(tmpdir(), 'aigate-codex-'));
  let listed: ReturnType<typeof spawn.sync>;
  try {
    listed = spawn.sync(command, ['debug', 'models'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, CODEX_HOME: home } });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  let builtIn: Array<Record<string, unknown>>;
  try {
    builtIn = JSON.parse(String(listed.stdout)).models;
  } catch {
    return undefined;
  }
  // Another program's output: a list of entries (objects), or nothing to build on.
  if (!Array.isArray(builtIn)) return undefined;
  builtIn = builtIn.filter((m) => m && typeof m === 'object' && !Array.isArray(m));
  const template = builtIn.find((m) => m.slug === 'gpt-5.5') ?? builtIn.find((m) => m.visibility === 'list');
  if (!template) return undefined;
  const entries = models.map((id, priority) => ({
    ...template,
    slug: id,
    display_name: id,
    description: `${id} on AIGate`,
    visibility: 'list',
    priority,
    upgrade: null,
    availability_nux: null,
    service_tiers: [],
    additional_speed_tiers: [],
  }));
  return `${JSON.stringify({ models: entries })}\n`;
}

/** Providers in $CODEX_HOME/config.toml that current Codex refuses or misroutes. */
async function codexChecks({ env }: DoctorContext): Promise<DoctorCheck[]> {
  const file = join(codexHome(env), 'config.toml');
  const text = readText(file);
  if (text === undefined) return [];
  const { parse } = await import('smol-toml');
  let config: { model_providers?: Record<string, { wire_api?: unknown; base_url?: unknown }> };
  try {
    config = parse(text) as typeof config;
  } catch (error) {
    return [{ status: 'fail', check: 'codex config', detail: `${file} is not valid TOML: ${(error as Error).message.split('\n')[0]}`, fix: 'fix the file: Codex cannot load it either' }];
  }
  const checks: DoctorCheck[] = [];
  for (const [name, provider] of Object.entries(config?.model_providers ?? {})) {
    if (provider?.wire_api === 'chat') {
      checks.push({ status: 'fail', check: 'codex config', detail: `${file}: model_providers.${name} has wire_api = "chat", which current Codex refuses`, fix: 'use wire_api = "responses"' });
    }
    if (typeof provider?.base_url === 'string' && !provider.base_url.replace(/\/+$/, '').endsWith('/v1')) {
      checks.push({ status: 'fail', check: 'codex config', detail: `${file}: model_providers.${name}.base_url (${provider.base_url}) does not end in /v1: Codex posts to {base_url}/responses`, fix: 'add /v1' });
    }
  }
  if (!checks.length) checks.push({ status: 'ok', check: 'codex config', detail: `${file}: no provider problems` });
  return checks;
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
  listsModels: true,
  launch({ profile, models, command, privateFile, warn }) {
    const provider = `{${Object.entries(codexProvider(profile)).map(([k, v]) => `${k}=${tomlString(v)}`).join(',')}}`;
    const catalog = catalogFor(command, models);
    if (!catalog) warn("this Codex did not list its own models (codex debug models), so its /model picker shows OpenAI's, not the gateway's");
    return {
      args: [
        '-c', 'model_provider="aigate"', '-c', `model_providers.aigate=${provider}`, '-c', `model=${tomlString(profile.model.value)}`,
        ...(catalog ? ['-c', `model_catalog_json=${tomlString(privateFile('codex-models.json', catalog))}`] : []),
      ],
      env: {},
    };
  },
  doctor: codexChecks,
  setup: {
    format: 'toml',
    // Codex has no project configuration file.
    scopes: ['global'],
    file: (_scope, env) => join(codexHome(env), 'config.toml'),
    target: ({ profile, companion }) => ({
      model_provider: 'aigate',
      model: profile.model.value,
      model_providers: { aigate: codexProvider(profile) },
      ...(companion && { model_catalog_json: companion }),
    }),
    companion: {
      file: (env) => join(codexHome(env), 'aigate-models.json'),
      content: ({ models }) => catalogFor('codex', models),
    },
    notes: (c) => [KEY_NOTE, ...(c.companion ? [] : ["codex did not list its own models (codex debug models), so its /model picker keeps OpenAI's list"])],
  },
};
