import { CLAUDE_TIERS } from '../profile/claude-tiers.js';
import { DEFAULT_PROFILE } from '../profile/defaults.js';
import { ROUTE_NAMES, type RouteName } from '../profile/routes.js';
import { didYouMean } from '../suggest.js';
import type { ClaudeSettings, ConfigFile, ProfileSettings, ProjectFile } from '../profile/types.js';
import { baseUrlProblem, modelProblem, profileNameProblem, valueProblem, variableNameProblem } from '../profile/validate.js';

/** A problem at a key of config.toml: an error stops aigate, a warning is printed and the key ignored. */
export interface Issue {
  path: string[];
  message: string;
  severity: 'error' | 'warning';
}

type Table = Record<string, unknown>;

const PROFILE_STRINGS = ['base_url', 'api_key_env', 'api_key_command', 'api_key', 'model'] as const;

/** What each string key must be, beyond a string: the one validator of profile/validate.ts. */
const CHECKS: Record<string, (value: string) => string | undefined> = {
  base_url: baseUrlProblem,
  api_key_env: variableNameProblem,
  model: modelProblem,
  ...Object.fromEntries(CLAUDE_TIERS.map(({ key }) => [`claude.${key}`, modelProblem])),
  'claude.base_url': baseUrlProblem,
};
const CLAUDE_STRINGS = [...CLAUDE_TIERS.map(({ key }) => key), 'base_url'] as const;
const CLAUDE_AUTH = ['token', 'api-key'] as const;

const PROFILE_KEYS = [...PROFILE_STRINGS, 'models', 'claude', 'env', 'routes'];
const CLAUDE_KEYS = [...CLAUDE_STRINGS, 'auth', 'model_discovery', 'custom_model'];

/**
 * Why a dotted key of config.toml (as `aigate config get|set` takes it) names nothing aigate knows,
 * with the nearest known key: a typo must not become a setting that is silently never applied.
 */
export function configKeyProblem(path: readonly string[]): string | undefined {
  const unknown = (at: number, known: readonly string[]) =>
    `${path.slice(0, at + 1).join('.')}: unknown key${didYouMean(path[at]!, known)} (known keys here: ${known.join(', ')})`;
  const [top, name, key, sub, ...rest] = path;
  if (top === 'profile') return path.length === 1 ? undefined : `profile is a string (the default profile's name); it has no ${path.slice(1).join('.')}`;
  if (top !== 'profiles') return unknown(0, ['profile', 'profiles']);
  if (name === undefined) return undefined;
  const badName = profileNameProblem(name);
  if (badName) return badName;
  if (key === undefined) return undefined;
  if (!PROFILE_KEYS.includes(key)) return unknown(2, PROFILE_KEYS);
  if (sub === undefined) return undefined;
  if ((PROFILE_STRINGS as readonly string[]).includes(key)) return `${path.slice(0, 3).join('.')} is a string; it has no ${path.slice(3).join('.')}`;
  if (key === 'claude' && !CLAUDE_KEYS.includes(sub)) return unknown(3, CLAUDE_KEYS);
  if (key === 'env') return variableNameProblem(sub) ?? (rest.length ? `${path.slice(0, 4).join('.')} is a string` : undefined);
  return rest.length ? `${path.slice(0, 4).join('.')} is a value; it has no ${rest.join('.')}` : undefined;
}

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a date';
  if (isTable(value)) return 'a table';
  return `a ${typeof value}`;
}

/**
 * Checks the shape of a parsed config.toml, or (`project`) of a project's .aigate.toml, which holds
 * one profile's keys at its top level plus `profile`. What is wrong comes back as issues.
 */
export function validateConfig(raw: Table): { config: ConfigFile; issues: Issue[] } {
  return validate(raw, 'config') as { config: ConfigFile; issues: Issue[] };
}

export function validateProject(raw: Table): { project: ProjectFile; issues: Issue[] } {
  return validate(raw, 'project') as { project: ProjectFile; issues: Issue[] };
}

function validate(raw: Table, kind: 'config' | 'project'): { config?: ConfigFile; project?: ProjectFile; issues: Issue[] } {
  const issues: Issue[] = [];
  const error = (path: string[], message: string) => issues.push({ path, message, severity: 'error' });
  // A typo would otherwise be a setting silently not applied.
  const unknown = (path: string[], known: readonly string[]) =>
    error(path, `unknown key${didYouMean(path.at(-1)!, known)} (known keys here: ${known.join(', ')})`);
  const string = (path: string[], value: unknown, check?: (value: string) => string | undefined): string | undefined => {
    if (typeof value !== 'string') {
      error(path, `must be a string, not ${typeName(value)}: write it in quotes`);
      return undefined;
    }
    const problem = check?.(value);
    if (problem) {
      error(path, problem);
      return undefined;
    }
    return value;
  };
  /** The check for a key of a profile, by its path inside the profile (`claude.opus`). */
  const checkOf = (at: string[], depth: number) => CHECKS[at.slice(depth).join('.')];

  if (kind === 'project') {
    const { profile, ...settings } = raw;
    const project: ProjectFile = validateProfile([], settings);
    if (profile !== undefined) {
      const name = string(['profile'], profile, profileNameProblem);
      if (name !== undefined) project.profile = name;
    }
    return { project, issues };
  }

  // Null-prototype maps: a profile named "toString" or "__proto__" is a name, never JavaScript's own.
  const config: ConfigFile = { profiles: Object.create(null) };
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'profile') {
      const name = string(['profile'], value, profileNameProblem);
      if (name !== undefined) config.profile = name;
    } else if (key === 'profiles') {
      if (!isTable(value)) {
        error(['profiles'], `must be a table of profiles ([profiles.NAME]), not ${typeName(value)}`);
        continue;
      }
      for (const [name, profile] of Object.entries(value)) {
        const problem = profileNameProblem(name);
        if (problem) error(['profiles', name], problem);
        else config.profiles[name] = validateProfile(['profiles', name], profile);
      }
    } else {
      unknown([key], ['profile', 'profiles']);
    }
  }
  if (config.profile !== undefined && config.profile !== DEFAULT_PROFILE && !Object.hasOwn(config.profiles, config.profile)) {
    error(['profile'], `names no profile of this file; profiles: ${[...new Set([DEFAULT_PROFILE, ...Object.keys(config.profiles)])].join(', ')}`);
  }
  return { config, issues };

  function validateProfile(path: string[], raw: unknown): ProfileSettings {
    const profile: ProfileSettings = {};
    if (!isTable(raw)) {
      error(path, `must be a table ([${path.join('.')}]), not ${typeName(raw)}`);
      return profile;
    }
    const known = [...PROFILE_KEYS, ...(kind === 'project' ? ['profile'] : [])];
    for (const [key, value] of Object.entries(raw)) {
      const at = [...path, key];
      if ((PROFILE_STRINGS as readonly string[]).includes(key)) {
        const text = string(at, value, checkOf(at, path.length));
        if (text !== undefined) profile[key as (typeof PROFILE_STRINGS)[number]] = text;
      } else if (key === 'models') {
        if (!Array.isArray(value) || !value.length) error(at, 'must be a list of model ids or patterns, e.g. ["anthropic/*", "openai/gpt-5.5"]');
        else {
          const ids = value.map((item, i) => string([...at, String(i)], item, modelProblem));
          if (ids.every((id) => id !== undefined)) profile.models = ids as string[];
        }
      } else if (key === 'claude') {
        profile.claude = validateClaude(at, value);
      } else if (key === 'env') {
        profile.env = validateEnv(at, value);
      } else if (key === 'routes') {
        profile.routes = validateRoutes(at, value);
      } else {
        unknown(at, known);
      }
    }
    return profile;
  }

  function validateClaude(path: string[], raw: unknown): ClaudeSettings {
    const claude: ClaudeSettings = {};
    if (!isTable(raw)) {
      error(path, `must be a table ([${path.join('.')}]), not ${typeName(raw)}`);
      return claude;
    }
    for (const [key, value] of Object.entries(raw)) {
      const at = [...path, key];
      if ((CLAUDE_STRINGS as readonly string[]).includes(key)) {
        const text = string(at, value, checkOf(at, path.length - 1));
        if (text !== undefined) claude[key as (typeof CLAUDE_STRINGS)[number]] = text;
      } else if (key === 'auth') {
        const text = string(at, value);
        if (text === undefined) continue;
        if ((CLAUDE_AUTH as readonly string[]).includes(text)) claude.auth = text as ClaudeSettings['auth'];
        else error(at, `must be "token" (ANTHROPIC_AUTH_TOKEN, Bearer) or "api-key" (ANTHROPIC_API_KEY, x-api-key), not "${text}"`);
      } else if (key === 'custom_model') {
        if (value === false) claude.custom_model = false;
        else {
          const id = string(at, value, modelProblem);
          if (id !== undefined) claude.custom_model = id;
        }
      } else if (key === 'model_discovery') {
        if (typeof value === 'boolean') claude.model_discovery = value;
        else error(at, `must be true or false (without quotes), not ${typeName(value)}`);
      } else {
        unknown(at, CLAUDE_KEYS);
      }
    }
    return claude;
  }

  /** agent = "chat" | "responses" | "messages"; whether the agent supports it is for `aigate run` to say. */
  function validateRoutes(path: string[], raw: unknown): Record<string, RouteName> {
    const routes: Record<string, RouteName> = Object.create(null);
    if (!isTable(raw)) {
      error(path, `must be a table of AGENT = "route", not ${typeName(raw)}`);
      return routes;
    }
    for (const [agent, value] of Object.entries(raw)) {
      if (!/^[a-z][a-z0-9-]*$/.test(agent)) {
        error([...path, agent], 'must be an agent\'s name (claude, codex, kilo, …)');
        continue;
      }
      const text = string([...path, agent], value);
      if (text === undefined) continue;
      if ((ROUTE_NAMES as readonly string[]).includes(text)) routes[agent] = text as RouteName;
      else error([...path, agent], `must be one of ${ROUTE_NAMES.map((r) => `"${r}"`).join(', ')}, not "${text}"`);
    }
    return routes;
  }

  function validateEnv(path: string[], raw: unknown): Record<string, string> {
    const env: Record<string, string> = Object.create(null);
    if (!isTable(raw)) {
      error(path, `must be a table of NAME = "value", not ${typeName(raw)}`);
      return env;
    }
    for (const [name, value] of Object.entries(raw)) {
      const problem = variableNameProblem(name);
      if (problem) {
        error([...path, name], problem);
        continue;
      }
      const text = string([...path, name], value, valueProblem);
      if (text !== undefined) env[name] = text;
    }
    return env;
  }
}
