import { join } from 'node:path';
import { CLAUDE_TIERS } from '../profile/claude-tiers.js';
import { homeOf } from '../config/paths.js';
import { readStore, updateStore } from '../edit/store.js';
import { AigateError } from '../errors.js';
import { maskKey, redactKey, redactTree } from '../profile/mask.js';
import { describeSource, missingKey } from '../profile/resolve.js';
import { keyProblem } from '../profile/validate.js';
import type { Profile } from '../profile/types.js';
import { explainFailure, explainResponse } from './explain.js';
import { NetworkFailure, request } from './http.js';

type Environment = Record<string, string | undefined>;
export type Model = Record<string, unknown> & { id: string };

/** How long a fetched catalog is used without asking the gateway again. */
const LIFETIME_MS = 60 * 60 * 1000;

function cacheFile(env: Environment): string {
  return join(env.XDG_CACHE_HOME || join(homeOf(env), '.cache'), 'aigate', 'models.json');
}

type Cached = { fetchedAt: number; models: Model[] };
const HOLDS = "the gateway's model lists, cached by `aigate models`";

/** The key as it may be shown: masked, with where it came from. */
export function keyForMessages(profile: Profile): string {
  return profile.key ? `${maskKey(profile.key.value)} (from ${describeSource(profile.key.source)})` : '(none)';
}

/** The key, checked as an HTTP header value before any request: a line break in it would go into the error. */
export function requireKey(profile: Profile): string {
  if (!profile.key) throw new AigateError(missingKey(profile));
  const problem = keyProblem(profile.key.value);
  if (problem) throw new AigateError(`the key ${keyForMessages(profile)}: ${problem}`);
  return profile.key.value;
}

/**
 * The gateway's models (GET {base}/models), from the cache while it is fresh; with `refresh`,
 * always asked. When the gateway cannot be reached, a cached catalog is returned as `stale`.
 */
export async function catalog(
  profile: Profile,
  env: Environment,
  options: { refresh?: boolean; timeoutMs: number },
): Promise<{ models: Model[]; stale?: string }> {
  const base = profile.baseUrl.value;
  const entry = readStore(cacheFile(env), HOLDS, { cache: true })[base] as Partial<Cached> | undefined;
  // An entry of another shape (an older aigate, a hand edit) is no cache: asked afresh, then replaced.
  const cached = typeof entry?.fetchedAt === 'number' && Array.isArray(entry.models) && entry.models.every((m) => typeof m?.id === 'string') ? (entry as Cached) : undefined;
  if (cached && !options.refresh && Date.now() - cached.fetchedAt < LIFETIME_MS) return { models: cached.models };
  const key = requireKey(profile);
  let problem: string;
  try {
    const response = await request(`${base}/models`, { headers: { authorization: `Bearer ${key}` }, timeoutMs: options.timeoutMs });
    // A gateway may echo the key anywhere, an id included: it is masked before it is kept or shown.
    const models = redactTree(response.json?.data, key);
    problem = explainResponse(response, { key: keyForMessages(profile), secret: key }) ?? '';
    if (!problem && Array.isArray(models) && models.every((m) => typeof m?.id === 'string')) {
      updateStore(
        cacheFile(env),
        HOLDS,
        (cache) => {
          cache[base] = { fetchedAt: Date.now(), models };
        },
        { cache: true },
      );
      return { models };
    }
    problem ||= `the answer of ${base}/models has no "data" list of models; it begins: ${JSON.stringify(redactKey(response.text, key).slice(0, 120))}`;
  } catch (error) {
    if (!(error instanceof NetworkFailure)) throw error;
    problem = explainFailure(error, options.timeoutMs / 1000);
  }
  if (cached) return { models: cached.models, stale: `${problem}; showing the list from ${new Date(cached.fetchedAt).toISOString()}` };
  throw new AigateError(problem);
}

/** How long an agent's start may wait for the gateway's list: after that, the profile's own models. */
const PICKER_TIMEOUT_MS = 3_000;

/** Whether an id is one the profile's `models` names: an id, or a pattern where `*` stands for anything. */
function wanted(patterns: readonly string[] | undefined): (id: string) => boolean {
  if (!patterns) return () => true;
  const expressions = patterns.map((pattern) => new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`));
  return (id) => expressions.some((expression) => expression.test(id));
}

/**
 * The models an agent's picker lists: the gateway's ids as it spells them (from the cache while
 * fresh, else asked with a short deadline), narrowed by the profile's `models`. When the list
 * cannot be had, the profile's own models, and one line through `warn` saying so.
 */
export async function pickerModels(profile: Profile, env: Environment, warn: (message: string) => void): Promise<string[]> {
  const patterns = profile.models?.value;
  const inProfile = wanted(patterns);
  const own = () => [...new Set([profile.model, ...CLAUDE_TIERS.map(({ key }) => profile.claude[key])].map((m) => m.value))];
  try {
    const { models, stale } = await catalog(profile, env, { timeoutMs: PICKER_TIMEOUT_MS });
    if (stale) warn(`the gateway's model list may be out of date: ${stale}`);
    const ids = [...new Set(models.map((model) => model.id))].filter(inProfile).sort((a, b) => a.localeCompare(b));
    if (ids.length) return ids;
    warn(`none of the gateway's ${models.length} models matches the profile's models (${patterns?.join(', ')}); offering the profile's own models`);
  } catch (error) {
    warn(`could not fetch the gateway's model list (${(error as Error).message}); offering the profile's own models`);
  }
  return own();
}
