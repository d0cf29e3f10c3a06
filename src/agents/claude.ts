import { join, resolve } from 'node:path';
import { readText } from '../edit/file.js';
import { homeOf } from '../config/paths.js';
import { CLAUDE_DISCOVERY_VARIABLE, CLAUDE_PROVIDER_SWITCHES } from '../profile/claude-tiers.js';
import type { Tree } from '../edit/verify.js';
import { KEY_VARIABLE, profileVariables, type VariablePlan } from '../profile/variables.js';
import { posixQuote } from '../shells/posix.js';
import type { SetupContext } from './setup.js';
import type { Agent, DoctorCheck, DoctorContext } from './types.js';

type Environment = Record<string, string | undefined>;

/** Whether aigate's status line goes in: asked for, and the file has none of the user's (or they asked to replace it). */
function statusLineWanted(c: SetupContext): boolean {
  if (!c.statusline) return false;
  const theirs = c.current.statusLine as Tree | undefined;
  return c.statusline === 'replace' || !theirs || theirs.command === c.statuslineCommand;
}

/** What Claude Code reads from a settings `env` block: its own variables, and gateway model discovery. */
const forClaude = (name: string) => name.startsWith('ANTHROPIC_') || name === CLAUDE_DISCOVERY_VARIABLE;

/**
 * The `env` block aigate writes for Claude Code (run's private settings, setup's settings.json):
 * the plan's Claude variables but the key, and every provider switch off, since a switch in a
 * settings file or the shell would outrank the environment aigate cleared.
 */
function claudeEnv(plan: VariablePlan): Record<string, string> {
  return {
    ...Object.fromEntries(plan.set.filter(({ name, secret }) => forClaude(name) && !secret).map(({ name, value }) => [name, value])),
    ...Object.fromEntries(CLAUDE_PROVIDER_SWITCHES.map((name) => [name, '0'])),
  };
}

/** The variables Claude Code takes a key from; each outranks apiKeyHelper, even when a user's settings.json sets it. */
const CLAUDE_KEY_VARIABLES = ['ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_API_KEY'];

/**
 * A command printing the key from the variable `aigate run` gave the agent: this very node, so it runs
 * under /bin/sh and cmd.exe alike, and nothing is resolved again.
 */
function keyFromEnvironment(variable: string): string {
  const node = process.platform === 'win32' ? `"${process.execPath}"` : posixQuote(process.execPath);
  return `${node} -e "process.stdout.write(process.env.${variable}||'')"`;
}

/** The settings files whose `env` block outranks the process environment for Claude Code: user, project, local. */
export function claudeSettingsFiles(env: Environment): string[] {
  // Each once: run from the home folder, the project's .claude/settings.json is the user's own.
  return [...new Set([join(homeOf(env), '.claude', 'settings.json'), join('.claude', 'settings.json'), join('.claude', 'settings.local.json')].map((file) => resolve(file)))];
}

/** A settings file's `env` block, or the parse error; undefined when the file is not there. */
function settingsEnv(file: string): { env: Record<string, unknown> } | { error: string } | undefined {
  const text = readText(file);
  if (text === undefined) return undefined;
  try {
    return { env: (JSON.parse(text) as { env?: Record<string, unknown> })?.env ?? {} };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** The key variables that a settings file sets (a key of the user's own there would outrank the profile's). */
function keyVariablesInSettings(env: Environment): string[] {
  const found = new Set<string>();
  for (const file of claudeSettingsFiles(env)) {
    const read = settingsEnv(file);
    // Not JSON: Claude Code cannot read it either (doctor says so).
    if (read && 'env' in read) for (const name of CLAUDE_KEY_VARIABLES) if (read.env[name]) found.add(name);
  }
  return [...found];
}

/** Variables that, set anywhere Claude Code reads, decide where it sends requests and keys. */
const CLAUDE_ROUTING = /^(ANTHROPIC_|CLAUDE_CODE_USE_)/;

/**
 * The settings files whose `env` block overrides the shell for Claude Code, and the variables of
 * the environment that send it elsewhere or make it ask.
 */
async function claudeChecks({ env, plan }: DoctorContext): Promise<DoctorCheck[]> {
  const { maskKey } = await import('../profile/mask.js');
  const expected = new Map(plan?.set.map(({ name, value }) => [name, value]) ?? []);
  const checks: DoctorCheck[] = [];
  for (const file of claudeSettingsFiles(env)) {
    const read = settingsEnv(file);
    if (!read) continue;
    if ('error' in read) {
      checks.push({ status: 'fail', check: 'claude settings', detail: `${file} is not valid JSON: ${read.error}`, fix: 'fix the file: Claude Code cannot read it either' });
      continue;
    }
    for (const [name, value] of Object.entries(read.env)) {
      if (!CLAUDE_ROUTING.test(name)) continue;
      const shown = /KEY|TOKEN/.test(name) ? maskKey(String(value)) : String(value);
      // A provider switch turned off (as setup claude writes it) keeps Claude Code on the gateway.
      const switchedOff = (CLAUDE_PROVIDER_SWITCHES as readonly string[]).includes(name) && ['', '0', 'false'].includes(String(value).toLowerCase());
      if (expected.get(name) === value || switchedOff) {
        checks.push({ status: 'ok', check: 'claude settings', detail: `${file}: env.${name} matches the profile` });
      } else {
        checks.push({
          status: 'fail',
          check: 'claude settings',
          detail: `${file}: env.${name} = ${shown} overrides your shell for Claude Code`,
          fix: `remove it (or run \`aigate setup claude\`); \`aigate run claude\` is not affected`,
        });
      }
    }
  }
  if (env.ANTHROPIC_API_KEY && env.ANTHROPIC_AUTH_TOKEN) {
    checks.push({ status: 'warn', check: 'environment', detail: 'both ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN are set: Claude Code sends both, and asks whether to use the API key', fix: 'unset one (aigate env sets only ANTHROPIC_AUTH_TOKEN)' });
  }
  for (const name of CLAUDE_PROVIDER_SWITCHES) {
    if (env[name]) checks.push({ status: 'fail', check: 'environment', detail: `${name} is set: Claude Code goes to another provider, not the gateway`, fix: `unset ${name}` });
  }
  if (env.ANTHROPIC_BASE_URL?.replace(/\/+$/, '').endsWith('/v1')) {
    checks.push({ status: 'fail', check: 'environment', detail: `ANTHROPIC_BASE_URL ends in /v1 (${env.ANTHROPIC_BASE_URL}): Claude Code would request /v1/v1/messages`, fix: 'drop the /v1 (aigate env does)' });
  }
  return checks;
}

/**
 * Claude Code reads the profile's ANTHROPIC_* variables, but a user's settings.json `env` block
 * overrides the process environment; `--settings FILE` ranks above it. The file never holds the key
 * (a SIGKILLed run could not remove it): the key stays in the agent's environment. Where a settings
 * file of the user's sets a key variable, which would win, the file empties it and `apiKeyHelper`
 * reads the profile's key from the environment (measured with 2.1.197: sent as Bearer and x-api-key;
 * gateway model discovery then has no token, said in one line).
 */
export const claude: Agent = {
  name: 'claude',
  title: 'Claude Code',
  commands: ['claude'],
  routes: { default: 'messages', supported: ['messages'] },
  install: 'npm i -g @anthropic-ai/claude-code',
  launch({ plan, privateFile, warn }) {
    const overridden = keyVariablesInSettings(process.env);
    const env = { ...claudeEnv(plan), ...Object.fromEntries(overridden.map((name) => [name, ''])) };
    if (overridden.length) warn(`your Claude Code settings set ${overridden.join(' and ')}; for this run the profile's key is given through apiKeyHelper instead (gateway model discovery needs ${overridden.join(' and ')} out of your settings)`);
    const settings = { env, ...(overridden.length && { apiKeyHelper: keyFromEnvironment(KEY_VARIABLE) }) };
    return { args: ['--settings', privateFile('claude-settings.json', `${JSON.stringify(settings, null, 2)}\n`)], env: {} };
  },
  setup: {
    format: 'jsonc',
    scopes: ['global', 'project'],
    file: (scope, env) => (scope === 'global' ? join(homeOf(env), '.claude', 'settings.json') : join('.claude', 'settings.local.json')),
    // Everything but the key; Claude Code asks `aigate key` for it (apiKeyHelper), so it never sits in the file.
    target: (c) => ({
      // What aigate env sets for Claude Code, but the key (apiKeyHelper gives it): the same plan.
      env: claudeEnv(profileVariables(c.profile)),
      apiKeyHelper: c.keyCommand,
      ...(statusLineWanted(c) && { statusLine: { type: 'command', command: c.statuslineCommand } }),
    }),
    notes: (c) => [
      `Claude Code gets the key from \`${c.keyCommand}\`: it must find it without your shell (the .env beside config.toml, or the keychain)`,
      ...(c.statusline && !statusLineWanted(c) ? ['your own statusLine is kept; --replace-statusline puts aigate\'s in its place (--remove puts yours back)'] : []),
    ],
  },
  doctor: claudeChecks,
  minimum: { version: '2.1.197', lacks: `gateway models in /model (${CLAUDE_DISCOVERY_VARIABLE})` },
  quiet: { CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', CLAUDE_CODE_MAX_RETRIES: '0' },
};
