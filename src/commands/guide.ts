import { AGENTS } from '../agents/index.js';
import { editConfig } from '../config/edit.js';
import { resolveFromEnvironment } from '../config/load.js';
import { configFile } from '../config/paths.js';
import { setAt, type Tree } from '../edit/verify.js';
import { AigateError } from '../errors.js';
import { catalog } from '../gateway/catalog.js';
import { explainFailure, explainResponse } from '../gateway/explain.js';
import { NetworkFailure, request } from '../gateway/http.js';
import type { PackagePaths } from '../integration/package.js';
import { installedIn, loaderLines, rcFiles } from '../integration/rc-file.js';
import { CLAUDE_TIERS } from '../profile/claude-tiers.js';
import { maskKey } from '../profile/mask.js';
import { describeSource } from '../profile/resolve.js';
import type { Profile } from '../profile/types.js';
import { gatewayUrls } from '../profile/url.js';
import { modelProblem } from '../profile/validate.js';
import { didYouMean } from '../suggest.js';
import { onPath } from './doctor.js';
import { installCommand, integrationShell } from './install.js';
import { checkKey, saveKey, stdinLine } from './login.js';
import { setupCommand } from './setup.js';
import { testCommand } from './test.js';

export interface GuideOptions {
  profile?: string;
  yes?: boolean;
  baseUrl?: string;
  model?: string;
  agents?: string;
  keyStdin?: boolean;
  shell?: string;
}

type Clack = typeof import('@clack/prompts');

/** The agents `aigate setup AGENT` writes a file for. */
const SETUP_AGENTS = AGENTS.filter((agent) => agent.setup);

/** Those of them whose command is on PATH. */
const agentsOnPath = () => SETUP_AGENTS.filter((agent) => agent.commands.some((command) => onPath(command, process.env)));

/** The models the guide asks for, each with its key under [profiles.NAME] and how it is asked. */
const MODEL_KEYS = [
  { path: ['model'], label: "The agents' model (Codex, OpenCode, Kilo, …)", of: (p: Profile) => p.model },
  ...CLAUDE_TIERS.map(({ key }) => ({
    path: ['claude', key],
    label: key === 'model' ? "Claude Code's main model" : `Claude Code's ${key} tier${key === 'haiku' ? ' (also its background tasks)' : ''}`,
    of: (p: Profile) => p.claude[key],
  })),
];

/** Ctrl-C at a prompt: the guide stops where it is, the step it was on having written nothing. */
class Canceled extends Error {}

/**
 * `aigate setup` without an agent: the gateway, the key, the models, the shell integration and
 * each agent found on PATH, then `aigate test`, one step at a time. Each step starts from the
 * current answer (so a second run shows what the first chose), says what it will do, and writes
 * through the same code as its own command (login, config set, install, setup AGENT). Without a
 * terminal it prints those commands; with --yes it takes the flags and asks nothing.
 */
export async function guideCommand(options: GuideOptions, paths: PackagePaths): Promise<void> {
  const { profile } = await resolveFromEnvironment(process.env, { profile: options.profile }, { key: true });
  if (options.yes) return unattended(options, profile, paths);
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stdout.write(commandsInstead(profile));
    throw new AigateError('aigate setup asks its questions at a terminal; run the commands above, or aigate setup --yes with flags', 2);
  }
  // Loaded here only: no other command, and neither the env nor the run bundle, carries the prompts.
  const clack = await import('@clack/prompts');
  try {
    await guide(clack, options, profile, paths);
  } catch (error) {
    if (!(error instanceof Canceled)) throw error;
    clack.cancel('Stopped. This step wrote nothing; what earlier steps did stays done.');
    process.exitCode = 130;
  }
}

async function guide(clack: Clack, options: GuideOptions, start: Profile, paths: PackagePaths): Promise<void> {
  const answer = <T>(value: T): Exclude<T, symbol> => {
    if (clack.isCancel(value)) throw new Canceled();
    return value as Exclude<T, symbol>;
  };
  const name = start.name.value;
  const file = configFile(process.env);
  clack.intro(`aigate setup: profile "${name}" (${file})`);

  // 1 and 2. The gateway, then its key: written together once the key is settled, so the gateway
  // is never changed without a key that works with it (or the user's choice to keep the old one).
  clack.log.step(`1/6  The gateway (now: ${start.baseUrl.value}, ${describeSource(start.baseUrl.source)})`);
  let base = start.baseUrl.value;
  for (let initialValue = options.baseUrl ?? base; ; ) {
    const typed = answer(
      await clack.text({
        message: 'Base URL of the gateway (Enter keeps it; another gateway: type its address, with or without /v1)',
        initialValue,
        validate: (value) => {
          const urls = gatewayUrls((value ?? '').trim());
          return 'error' in urls ? urls.error : undefined;
        },
      }),
    );
    const urls = gatewayUrls(typed.trim()) as { openai: string };
    if (urls.openai === start.baseUrl.value) break;
    const problem = await gatewayProblem(urls.openai);
    if (!problem) {
      base = urls.openai;
      break;
    }
    clack.log.error(`${problem}; type another address, or Enter on ${start.baseUrl.value} to keep it`);
    initialValue = typed;
  }

  clack.log.step('2/6  Your API key (kept in the system keychain, or a 0600 file where there is none, as aigate login does)');
  const had = start.key;
  let key: string | undefined;
  for (;;) {
    const typed = answer(
      await clack.password({
        message: had ? `API key, hidden (Enter keeps ${maskKey(had.value)} from ${describeSource(had.source)})` : 'API key, hidden (Enter skips: agents need one; aigate login adds it later)',
      }),
    ).trim();
    if (!typed) break;
    const { problem, unreachable } = await checkKey(base, typed);
    if (!problem && !unreachable) {
      key = typed;
      break;
    }
    clack.log.error(`${problem ?? unreachable}; the key was not stored. Type it again, or Enter to ${had ? 'keep the current one' : 'skip'}`);
  }
  if (base !== start.baseUrl.value) writeConfig({ base_url: base }, name);
  if (key) await saveKey(name, key);

  // 3. The models, from the gateway's list, the current one preselected.
  let profile = (await resolveFromEnvironment(process.env, { profile: options.profile }, { key: true })).profile;
  clack.log.step('3/6  The models (from the gateway\'s list: type to filter, arrow keys to move, Enter to choose)');
  const ids = await gatewayModels(profile, base !== start.baseUrl.value);
  if (typeof ids === 'string') clack.log.warn(`${ids}; the models stay as they are (later: aigate models, then aigate config set profiles.${name}.model ID)`);
  else {
    const chosen: Tree = {};
    for (const { path, label, of } of MODEL_KEYS) {
      const current = of(profile);
      const wanted = path.length === 1 && options.model ? options.model : current.value;
      const listed = ids.includes(wanted) ? ids : [wanted, ...ids];
      const value = answer(
        await clack.autocomplete({
          message: label,
          options: listed.map((id) => ({ value: id, ...(!ids.includes(id) && { label: `${id} (current; not in the gateway's list)` }) })),
          initialValue: wanted,
          maxItems: 8,
        }),
      );
      // An answer equal to what config.toml already says is no change; a default now chosen is written.
      if (value !== current.value || current.source.kind !== 'config') setAt(chosen, path, value);
    }
    if (Object.keys(chosen).length) writeConfig(chosen, name);
    else clack.log.info('The models are as they were.');
  }
  profile = (await resolveFromEnvironment(process.env, { profile: options.profile }, { key: true })).profile;

  // 4. The shell integration, through aigate install.
  clack.log.step('4/6  The shell integration (each new shell gets the profile; aigate use, off, reload)');
  let shell: string | undefined;
  try {
    shell = integrationShell(options.shell);
  } catch (error) {
    clack.log.warn(`${(error as Error).message}: no integration here (the export block: aigate env --help)`);
  }
  if (shell) {
    const files = rcFiles(shell, process.env);
    const missing = files.filter((rc) => !installedIn(rc));
    if (!missing.length) clack.log.info(`Already installed for ${shell} in ${files.join(', ')}`);
    else {
      clack.note(loaderLines(shell, paths.root, paths.bin, process.env).join('\n'), `aigate install adds, between # >>> aigate >>> markers, to ${missing.join(', ')}`);
      if (answer(await clack.confirm({ message: `Add the ${shell} integration?` }))) await installCommand({ shell }, paths);
    }
  }

  // 5. Each agent on PATH: what `aigate setup AGENT` would change, then that same command.
  clack.log.step('5/6  The agents found on PATH');
  const found = agentsOnPath();
  if (!found.length) clack.log.info(`None of ${SETUP_AGENTS.map((a) => a.name).join(', ')} is on PATH; once one is: aigate setup AGENT`);
  for (const agent of found) {
    clack.log.info(`${agent.title}: what aigate setup ${agent.name} would change`);
    const scoped = { ...(options.profile && { profile: options.profile }) };
    if (!(await setupCommand(agent.name, { ...scoped, dryRun: true }, paths))) continue;
    if (answer(await clack.confirm({ message: `Write this to ${agent.title}'s configuration?` }))) await setupCommand(agent.name, scoped, paths);
  }

  // 6. aigate test.
  clack.log.step('6/6  A test: "Say OK." on each route the agents use (aigate test)');
  if (!profile.key) clack.log.warn('No key, so no test: aigate login, then aigate test');
  else if (answer(await clack.confirm({ message: 'Send the test requests?' }))) await testCommand({ ...(options.profile && { profile: options.profile }) });
  clack.outro(
    process.exitCode
      ? 'Done, but the test failed: the lines above say why.'
      : 'Done. Open a new shell to load the integration. Run aigate setup again any time: it starts from these answers.',
  );
}

/** `aigate setup --yes`: the flags and the current answers, everything checked before anything is written. */
async function unattended(options: GuideOptions, start: Profile, paths: PackagePaths): Promise<void> {
  const name = start.name.value;
  let base = start.baseUrl.value;
  if (options.baseUrl) {
    const urls = gatewayUrls(options.baseUrl);
    if ('error' in urls) throw new AigateError(`--base-url: ${urls.error}`, 2);
    if (urls.openai !== base) {
      const problem = await gatewayProblem(urls.openai);
      if (problem) throw new AigateError(`${problem}; nothing was changed`);
      base = urls.openai;
    }
  }
  if (options.model) {
    const problem = modelProblem(options.model);
    if (problem) throw new AigateError(`--model: ${problem}`, 2);
  }
  const names = options.agents === undefined ? undefined : String(options.agents).split(',').map((agent) => agent.trim()).filter(Boolean);
  for (const agent of names ?? []) {
    if (!SETUP_AGENTS.some((a) => a.name === agent)) {
      throw new AigateError(`--agents: no setup for "${agent}"${didYouMean(agent, SETUP_AGENTS.map((a) => a.name))}; choose ${SETUP_AGENTS.map((a) => a.name).join(', ')}`, 2);
    }
  }
  let shell: string | undefined;
  try {
    shell = integrationShell(options.shell);
  } catch (error) {
    if (options.shell) throw error;
  }
  const key = (options.keyStdin ? await stdinLine() : process.env[start.apiKeyEnv.value]?.trim()) || undefined;
  if (options.keyStdin && !key) throw new AigateError('--key-stdin: standard input held no key; nothing was changed', 2);
  if (key) {
    const { problem, unreachable } = await checkKey(base, key);
    if (problem || unreachable) throw new AigateError(`${problem ?? unreachable}; nothing was stored or changed`);
  }
  const settings: Tree = {};
  if (base !== start.baseUrl.value) settings.base_url = base;
  if (options.model) settings.model = options.model;
  if (Object.keys(settings).length) writeConfig(settings, name);
  if (key) await saveKey(name, key);
  if (shell) await installCommand({ shell }, paths);
  else process.stdout.write('aigate: no shell integration for the calling shell; pass --shell to install one\n');
  const scoped = { ...(options.profile && { profile: options.profile }) };
  for (const agent of names ?? agentsOnPath().map((a) => a.name)) {
    await setupCommand(agent, scoped, paths);
  }
  if (key ?? start.key) await testCommand(scoped);
  else process.stdout.write(`aigate: no key, so no test: set ${start.apiKeyEnv.value} or pass --key-stdin, or run aigate login\n`);
}

/** What to run instead, without a terminal to ask at: the same steps as commands. */
function commandsInstead(profile: Profile): string {
  const name = profile.name.value;
  const flag = name === 'default' ? '' : ` --profile ${name}`;
  const on = agentsOnPath().map((agent) => agent.name);
  const rows: Array<[string, string]> = [
    [`aigate config set profiles.${name}.base_url ${profile.baseUrl.value}`, 'the gateway (this is the current one)'],
    [`aigate login${flag}`, `the key, checked with the gateway (or: printf %s "$KEY" | aigate login${flag})`],
    [`aigate models${flag}`, "the gateway's model ids, to choose from:"],
    [`aigate config set profiles.${name}.model ID`, `the agents' model; Claude Code's: profiles.${name}.claude.model, .sonnet, .opus, .haiku`],
    ['aigate install', 'the shell integration'],
    ...(on.length ? on.map((agent): [string, string] => [`aigate setup ${agent}${flag}`, 'found on PATH']) : [[`aigate setup AGENT${flag}`, SETUP_AGENTS.map((a) => a.name).join(', ')] as [string, string]]),
    [`aigate test${flag}`, 'a request on each route'],
  ];
  // Each command under its comment: the block pastes into a shell as it is.
  const lines = rows.flatMap(([command, why]) => [`# ${why}`, command]);
  return [
    'aigate setup asks at a terminal; these commands do the same:',
    '',
    ...lines.map((line) => `  ${line}`),
    '',
    'Or in one go, without questions:',
    '',
    `  printf %s "$KEY" | aigate setup --yes --key-stdin --base-url URL --model ID --agents ${on.length ? on.join(',') : 'codex,opencode'}${flag}`,
    '',
  ].join('\n');
}

/** Why `openai` (a base URL ending in /v1) is no gateway, or undefined when it answers as one. */
async function gatewayProblem(openai: string): Promise<string | undefined> {
  try {
    // Asked without the key: an address not yet checked must not receive it. A gateway that wants
    // a key for its list answers 401 or 403, which is an answer all the same.
    const response = await request(`${openai}/models`, { timeoutMs: 15_000 });
    if (response.status === 401 || response.status === 403) return undefined;
    return explainResponse(response, { key: '(none sent)' });
  } catch (error) {
    if (!(error instanceof NetworkFailure)) throw error;
    return explainFailure(error, 15);
  }
}

/** The gateway's model ids, sorted; or why they cannot be had. */
async function gatewayModels(profile: Profile, refresh: boolean): Promise<string[] | string> {
  if (!profile.key) return 'no key to ask the gateway for its models';
  try {
    const { models } = await catalog(profile, process.env, { refresh, timeoutMs: 15_000 });
    return [...new Set(models.map((model) => model.id))].sort((a, b) => a.localeCompare(b));
  } catch (error) {
    return `could not fetch the gateway's models: ${(error as Error).message}`;
  }
}

/** Sets keys of [profiles.NAME] in config.toml through `config set`'s editor, and says what. */
function writeConfig(settings: Tree, name: string): void {
  const file = editConfig({ set: { profiles: { [name]: settings } } });
  const said = (tree: Tree, prefix: string): string[] =>
    Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key} = ${JSON.stringify(value)}`] : said(value as Tree, `${prefix}${key}.`)));
  process.stdout.write(`aigate: ${said(settings, `profiles.${name}.`).join(', ')} in ${file}\n`);
}

