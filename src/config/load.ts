import { readFileSync } from 'node:fs';
import { AigateError } from '../errors.js';
import { ProfileError } from '../profile/error.js';
import { describeSource, resolveProfile } from '../profile/resolve.js';
import { userEnvironment } from '../profile/state.js';
import type { Profile, ResolveInput, Source } from '../profile/types.js';
import { profileVariables, type VariablePlan } from '../profile/variables.js';
import { variableProblem } from '../shells/index.js';
import { configFile, dotenvFile } from './paths.js';
import { type Issue, validateConfig } from './schema.js';
import { locateKey, parseToml } from './toml.js';

type Environment = Record<string, string | undefined>;

export interface Resolved {
  profile: Profile;
  plan: VariablePlan;
  input: ResolveInput;
  warnings: string[];
}

/** The text of a file, or undefined when there is none; any other failure names the file. */
function readOptional(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new AigateError(`cannot read ${file}: ${code === 'EACCES' ? 'permission denied' : (error as Error).message}`);
  }
}

/**
 * Reads config.toml, the `.env` beside it and the environment, and resolves the profile.
 * `env` is the process environment; what aigate exported into it earlier is taken back out first.
 */
export async function resolveFromEnvironment(env: Environment, flags: ResolveInput['flags']): Promise<Resolved> {
  const file = configFile(env);
  const text = readOptional(file);
  const warnings: string[] = [];
  const input: ResolveInput = { env: userEnvironment(env), flags };
  if (text !== undefined) {
    const { config, issues } = validateConfig(parseToml(file, text));
    const errors = issues.filter((i) => i.severity === 'error');
    if (errors.length) throw new AigateError((await Promise.all(errors.map((i) => issueLine(file, text, i)))).join('\n'));
    for (const issue of issues) warnings.push(await issueLine(file, text, issue));
    input.config = { file, data: config };
  }
  const envFile = dotenvFile(file);
  const envText = readOptional(envFile);
  // dotenv loads node:crypto; most users have no .env, so it is imported only when there is one.
  if (envText !== undefined) input.dotenv = { file: envFile, vars: (await import('dotenv')).parse(envText) };

  try {
    const profile = resolveProfile(input);
    const plan = profileVariables(profile);
    for (const { name, value, source } of plan.set) {
      const problem = variableProblem(name, value);
      if (problem) throw new ProfileError(problem, source);
    }
    return { profile, plan, input, warnings };
  } catch (error) {
    if (error instanceof ProfileError) throw await located(error, { [file]: text, [envFile]: envText });
    throw error;
  }
}

async function issueLine(file: string, text: string, issue: Issue): Promise<string> {
  const position = await locateKey(text, issue.path);
  const prefix = issue.severity === 'warning' ? 'warning: ' : '';
  return `${prefix}${file}${position ? `:${position}` : ''}: ${issue.path.join('.')}: ${issue.message}`;
}

/** A ProfileError as an AigateError that says where the faulty value was written. */
export async function located(error: ProfileError, texts: Record<string, string | undefined>): Promise<AigateError> {
  const source: Source | undefined = error.source?.kind === 'derived' ? error.source.from : error.source;
  if (!source) return new AigateError(error.message);
  if (source.kind === 'config') {
    const text = texts[source.file];
    const position = text === undefined ? undefined : await locateKey(text, source.path);
    return new AigateError(`${source.file}${position ? `:${position}` : ''}: ${source.path.join('.')}: ${error.message}`);
  }
  if (source.kind === 'dotenv') {
    const lines = texts[source.file]?.split('\n') ?? [];
    const line = lines.findIndex((l) => new RegExp(`^\\s*(export\\s+)?${source.name}\\s*[=:]`).test(l));
    return new AigateError(`${source.file}${line >= 0 ? `:${line + 1}` : ''}: ${source.name}: ${error.message}`);
  }
  return new AigateError(`${describeSource(source)}: ${error.message}`);
}
