import { CLAUDE_TIERS, type ClaudeTier } from './claude-tiers.js';
import { DEFAULT_PROFILE, DEFAULTS } from './defaults.js';
import type { RouteName } from './routes.js';
import { ProfileError } from './error.js';
import type { ClaudeAuth, Profile, ProfileSettings, ResolveInput, Source, Sourced } from './types.js';
import { gatewayUrls } from './url.js';
import { modelProblem, profileNameProblem } from './validate.js';

/** The variables that the environment (and the `.env` file) may use to override a profile. */
export const OVERRIDE_VARIABLES = {
  profile: 'AIGATE_PROFILE',
  baseUrl: 'AIGATE_BASE_URL',
  model: 'AIGATE_MODEL',
} as const;

type Layer = { read(name: string): Sourced<string> | undefined };

/** Project keys that could send the key elsewhere or run a command: honoured only in a trusted file. */
export const TRUST_REQUIRED = ['base_url', 'api_key_env', 'api_key_command', 'env', 'claude.base_url'];

/**
 * Layers, lowest to highest: built-in defaults < config.toml profile < the project's .aigate.toml
 * < `.env` < environment < flags.
 * Pure: everything comes in through `input`; nothing is read here.
 */
export function resolveProfile(input: ResolveInput): Profile {
  const dotenv: Layer = {
    read(name) {
      const value = input.dotenv?.vars[name];
      return value ? { value, source: { kind: 'dotenv', file: input.dotenv!.file, name } } : undefined;
    },
  };
  const environment: Layer = {
    read(name) {
      const value = input.env[name];
      return value ? { value, source: { kind: 'env', name } } : undefined;
    },
  };
  const overrides = (name: string) => environment.read(name) ?? dotenv.read(name);
  /** A value from outside the files (the environment, `.env`, a flag), checked where it enters. */
  const checked = (value: Sourced<string> | undefined, problem: (value: string) => string | undefined) => {
    const found = value && problem(value.value);
    if (found) throw new ProfileError(found, value.source);
    return value;
  };

  const name = selectProfile(input, checked(overrides(OVERRIDE_VARIABLES.profile), profileNameProblem));
  checked(flag(input.flags.profile, '--profile'), profileNameProblem);
  const profiles = input.config?.data.profiles;
  const settings = profiles && Object.hasOwn(profiles, name.value) ? profiles[name.value] : undefined;
  if (!settings && name.value !== DEFAULT_PROFILE) {
    const known = Object.keys(input.config?.data.profiles ?? {});
    const where = input.config ? `in ${input.config.file}` : '(no config file)';
    throw new ProfileError(
      `unknown profile "${name.value}"; profiles ${where}: ${known.length ? known.join(', ') : 'none'}`,
      name.source,
    );
  }
  const fromConfig = <T>(path: string[], value: T | undefined): Sourced<NonNullable<T>> | undefined =>
    value === undefined || !input.config
      ? undefined
      : { value: value!, source: { kind: 'config', file: input.config.file, path: ['profiles', name.value, ...path] } };
  const untrustedKeys = new Set<string>();
  const fromProject = <T>(path: string[], value: T | undefined): Sourced<NonNullable<T>> | undefined => {
    const project = input.project;
    if (value === undefined || !project) return undefined;
    if (!project.trusted && TRUST_REQUIRED.includes(path.join('.'))) {
      untrustedKeys.add(path.join('.'));
      return undefined;
    }
    return { value: value!, source: { kind: 'project', file: project.file, path } };
  };
  const builtIn = <T>(value: T): Sourced<T> => ({ value, source: { kind: 'default' } });
  const project = input.project?.data;
  const configured = <K extends keyof ProfileSettings>(key: K) => fromProject([key], project?.[key]) ?? fromConfig([key], settings?.[key]);
  const claudeSetting = <K extends keyof NonNullable<ProfileSettings['claude']>>(key: K) =>
    fromProject(['claude', key], project?.claude?.[key]) ?? fromConfig(['claude', key], settings?.claude?.[key]);

  const rawBase = overrides(OVERRIDE_VARIABLES.baseUrl) ?? configured('base_url') ?? builtIn<string>(DEFAULTS.base_url);
  const urls = urlsOf(rawBase);
  const claudeBase = claudeSetting('base_url');
  const apiKeyEnv = configured('api_key_env') ?? builtIn<string>(DEFAULTS.api_key_env);
  const model =
    checked(flag(input.flags.model, '--model') ?? overrides(OVERRIDE_VARIABLES.model), modelProblem) ?? configured('model') ?? builtIn<string>(DEFAULTS.model);
  const key = overrides(apiKeyEnv.value);

  const env: Record<string, Sourced<string>> = {};
  for (const [variable, value] of Object.entries(settings?.env ?? {})) {
    env[variable] = fromConfig(['env', variable], value)!;
  }
  if (project?.env && fromProject(['env'], project.env)) {
    for (const [variable, value] of Object.entries(project.env)) env[variable] = fromProject(['env', variable], value)!;
  }

  // A route choice cannot send the key anywhere else (same gateway): no trust needed.
  const routes: Record<string, Sourced<RouteName>> = {};
  for (const [agent, route] of Object.entries(settings?.routes ?? {})) routes[agent] = fromConfig(['routes', agent], route)!;
  for (const [agent, route] of Object.entries(project?.routes ?? {})) routes[agent] = fromProject(['routes', agent], route)!;

  return {
    name,
    untrustedKeys: [...untrustedKeys],
    baseUrl: { value: urls.openai, source: rawBase.source },
    model,
    apiKeyEnv,
    ...(configured('api_key_command') && { apiKeyCommand: configured('api_key_command') }),
    ...(fromConfig(['api_key'], settings?.api_key) && { apiKeyLiteral: fromConfig(['api_key'], settings?.api_key) }),
    ...(key && { key }),
    claude: {
      baseUrl: claudeBase
        ? { value: urlsOf(claudeBase).root, source: claudeBase.source }
        : { value: urls.root, source: { kind: 'derived', from: rawBase.source, how: 'the base URL without /v1' } },
      auth: claudeSetting('auth') ?? builtIn<ClaudeAuth>(DEFAULTS.claude.auth),
      discovery: claudeSetting('model_discovery') ?? builtIn<boolean>(DEFAULTS.claude.model_discovery),
      ...customModel(claudeSetting('custom_model'), model),
      ...(Object.fromEntries(CLAUDE_TIERS.map(({ key }) => [key, claudeSetting(key) ?? builtIn<string>(DEFAULTS.claude[key])])) as Record<ClaudeTier, Sourced<string>>),
    },
    env,
    routes,
    ...(configured('models') && { models: configured('models') }),
  };
}

function selectProfile(input: ResolveInput, override: Sourced<string> | undefined): Sourced<string> {
  const configured = input.config?.data.profile;
  const project = input.project;
  return (
    flag(input.flags.profile, '--profile') ??
    override ??
    (project?.data.profile !== undefined
      ? { value: project.data.profile, source: { kind: 'project', file: project.file, path: ['profile'] } }
      : undefined) ??
    (configured !== undefined
      ? { value: configured, source: { kind: 'config', file: input.config!.file, path: ['profile'] } }
      : { value: DEFAULT_PROFILE, source: { kind: 'default' } })
  );
}

/**
 * Claude Code's extra /model entry: as configured, or by default the profile's model when gateway
 * discovery would leave it out (it keeps only ids beginning with claude or anthropic).
 */
function customModel(configured: Sourced<string | false> | undefined, model: Sourced<string>): { customModel?: Sourced<string> } {
  if (configured) return configured.value === false ? {} : { customModel: configured as Sourced<string> };
  if (/^(claude|anthropic)/i.test(model.value)) return {};
  return { customModel: { value: model.value, source: { kind: 'derived', from: model.source, how: "the profile's model, which Claude Code's gateway discovery leaves out" } } };
}

function flag(value: string | undefined, name: string): Sourced<string> | undefined {
  return value ? { value, source: { kind: 'flag', name } } : undefined;
}

function urlsOf(raw: Sourced<string>) {
  const urls = gatewayUrls(raw.value);
  if ('error' in urls) throw new ProfileError(`base URL: ${urls.error}`, raw.source);
  return urls;
}

export function describeSource(source: Source): string {
  switch (source.kind) {
    case 'default':
      return 'built-in default';
    case 'config':
      return `${source.file} (${source.path.join('.')})`;
    case 'project':
      return `project ${source.file} (${source.path.join('.')})`;
    case 'dotenv':
      return `${source.file} (${source.name})`;
    case 'env':
      return `environment variable ${source.name}`;
    case 'flag':
      return `flag ${source.name}`;
    case 'command':
      return `api_key_command \`${source.command}\``;
    case 'keychain':
      return `the system keychain (profile ${source.profile})`;
    case 'credentials':
      return source.file;
    case 'derived':
      return `${source.how}, from ${describeSource(source.from)}`;
  }
}

/** Where a profile's key can come from, as advice. */
export function keyAdvice(profile: Profile): string {
  // Named for any profile but the default: a bare `aigate login` stores the key of the active one.
  const name = profile.name.value === DEFAULT_PROFILE ? '' : ` --profile ${profile.name.value}`;
  return `run \`aigate login${name}\`, or set ${profile.apiKeyEnv.value} in your environment or in the .env file beside config.toml`;
}

/** The warning for a profile without a key. */
export function missingKey(profile: Profile): string {
  return `no API key for profile "${profile.name.value}": ${keyAdvice(profile)}`;
}
