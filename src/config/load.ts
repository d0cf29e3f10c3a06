import { statSync } from 'node:fs';
import { AigateError } from '../errors.js';
import { treatAsSecret } from '../output.js';
import { ProfileError } from '../profile/error.js';
import { describeSource, resolveProfile } from '../profile/resolve.js';
import { stateWarning, userEnvironment } from '../profile/state.js';
import type { Profile, ResolveInput, Source } from '../profile/types.js';
import { profileVariables, type VariablePlan } from '../profile/variables.js';
import { variableProblem } from '../shells/index.js';
import type { ProjectSearch } from '../shells/types.js';
import { readBytes, readText } from '../edit/file.js';
import { configFile, dotenvFile } from './paths.js';
import { findProjectFile, workingDirectory } from './project.js';
import { storedKey } from './secrets.js';
import { type Issue, validateConfig, validateProject } from './schema.js';
import { contentHash, readTrust, trustFile } from './trust.js';
import { tomlData } from '../edit/toml-data.js';
import { keyLocator } from './toml.js';

type Environment = Record<string, string | undefined>;

export interface Watched {
  present: string[];
  absent: string[];
  project?: string;
  search?: ProjectSearch;
}

export interface Resolved {
  profile: Profile;
  plan: VariablePlan;
  input: ResolveInput;
  warnings: string[];
  /** The files the profile depends on, present or looked for and absent, and the project file: the shell hook watches them. */
  watched: Watched;
  /** The project file whose keys needing trust were ignored, with its content hash. */
  untrusted?: { file: string; hash: string; keys: string[] };
}

/**
 * Reads config.toml, the `.env` beside it and the environment, and resolves the profile.
 * `env` is the process environment; what aigate exported into it earlier is taken back out first.
 */
export async function resolveFromEnvironment(
  env: Environment,
  flags: ResolveInput['flags'],
  options: {
    /**
     * Whether the key is looked up below the variables (api_key_command, keychain, credentials,
     * config): only for commands that use it, since a command may be slow, prompt, or fail.
     */
    key: boolean;
    /** Filled as files are read, so that it holds them even when resolving fails. */
    watched?: Watched;
  },
): Promise<Resolved> {
  const watched = options.watched ?? { present: [], absent: [] };
  const file = configFile(env);
  const text = readText(file);
  const warnings: string[] = [];
  const tampered = stateWarning(env);
  if (tampered) warnings.push(tampered);
  const watch = (path: string, content: unknown) => (content === undefined ? watched.absent : watched.present).push(path);
  const input: ResolveInput = { env: userEnvironment(env), flags };
  watch(file, text);
  if (text !== undefined) {
    const { config, issues } = validateConfig(tomlData(file, text));
    await reportIssues(file, text, issues, warnings);
    input.config = { file, data: config };
  }
  const envFile = dotenvFile(file);
  // A pipe or a folder in place of the .env would hang or break every shell start: skipped, said once.
  const envIsFile = statSync(envFile, { throwIfNoEntry: false })?.isFile() ?? true;
  if (!envIsFile) warnings.push(`warning: ${envFile} is not a regular file (a pipe, a folder, a device); it is ignored`);
  const envText = envIsFile ? readText(envFile) : undefined;
  watch(envFile, envText);
  // dotenv loads node:crypto; most users have no .env, so it is imported only when there is one.
  if (envText !== undefined) input.dotenv = { file: envFile, vars: (await import('dotenv')).parse(envText) };

  const search: ProjectSearch = { from: workingDirectory(env), passed: [] };
  const projectFile = findProjectFile(search.from, search.passed);
  watched.search = search;
  const projectText = projectFile === undefined ? undefined : readText(projectFile);
  let hash: string | undefined;
  if (projectFile !== undefined && projectText !== undefined) {
    watched.project = projectFile;
    watch(projectFile, projectText);
    const trustBytes = readBytes(trustFile(env));
    watch(trustFile(env), trustBytes);
    const { project, issues } = validateProject(tomlData(projectFile, projectText));
    await reportIssues(projectFile, projectText, issues, warnings);
    hash = await contentHash(projectText);
    input.project = { file: projectFile, data: project, trusted: readTrust(env, trustBytes)[projectFile] === hash };
  }

  try {
    const profile = resolveProfile(input);
    if (options.key) profile.key ??= await storedKey(profile.name.value, { api_key_command: profile.apiKeyCommand, api_key: profile.apiKeyLiteral }, env, file, warnings);
    treatAsSecret(profile.key?.value);
    const plan = profileVariables(profile);
    for (const { name, value, source } of plan.set) {
      const problem = variableProblem(name, value);
      if (problem) throw new ProfileError(problem, source);
    }
    const untrusted = profile.untrustedKeys.length ? { file: projectFile!, hash: hash!, keys: profile.untrustedKeys } : undefined;
    return { profile, plan, input, warnings, watched, ...(untrusted && { untrusted }) };
  } catch (error) {
    const texts = { [file]: text, [envFile]: envText, ...(projectFile && { [projectFile]: projectText }) };
    if (error instanceof ProfileError) throw await located(error, texts);
    throw error;
  }
}

/** Errors stop aigate, all of them listed; warnings are kept to print. */
async function reportIssues(file: string, text: string, issues: Issue[], warnings: string[]): Promise<void> {
  if (!issues.length) return;
  const locate = await keyLocator(text);
  const line = (issue: Issue) => issueLine(file, locate, issue);
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length) throw new AigateError(errors.map(line).join('\n'));
  warnings.push(...issues.map(line));
}

function issueLine(file: string, locate: (path: readonly string[]) => string | undefined, issue: Issue): string {
  const position = locate(issue.path);
  const prefix = issue.severity === 'warning' ? 'warning: ' : '';
  return `${prefix}${file}${position ? `:${position}` : ''}: ${issue.path.join('.')}: ${issue.message}`;
}

/** A ProfileError as an AigateError that says where the faulty value was written. */
export async function located(error: ProfileError, texts: Record<string, string | undefined>): Promise<AigateError> {
  const source: Source | undefined = error.source?.kind === 'derived' ? error.source.from : error.source;
  if (!source) return new AigateError(error.message);
  if (source.kind === 'config' || source.kind === 'project') {
    const text = texts[source.file];
    const position = text === undefined ? undefined : (await keyLocator(text))(source.path);
    return new AigateError(`${source.file}${position ? `:${position}` : ''}: ${source.path.join('.')}: ${error.message}`);
  }
  if (source.kind === 'dotenv') {
    const lines = texts[source.file]?.split('\n') ?? [];
    const line = lines.findIndex((l) => new RegExp(`^\\s*(export\\s+)?${source.name}\\s*[=:]`).test(l));
    return new AigateError(`${source.file}${line >= 0 ? `:${line + 1}` : ''}: ${source.name}: ${error.message}`);
  }
  return new AigateError(`${describeSource(source)}: ${error.message}`);
}
