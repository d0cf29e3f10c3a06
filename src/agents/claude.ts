import { join, resolve } from 'node:path';
import { readText } from '../edit/file.js';
import { homeOf } from '../config/paths.js';

type Environment = Record<string, string | undefined>;
import { CLAUDE_DISCOVERY_VARIABLE, CLAUDE_TIERS } from '../profile/claude-tiers.js';
import type { Tree } from '../edit/verify.js';
import { KEY_VARIABLE } from '../profile/variables.js';
import { posixQuote } from '../shells/posix.js';
import type { SetupContext } from './setup.js';
import type { Agent } from './types.js';

/** Whether aigate's status line goes in: asked for, and the file has none of the user's (or they asked to replace it). */
function statusLineWanted(c: SetupContext): boolean {
  if (!c.statusline) return false;
  const theirs = c.current.statusLine as Tree | undefined;
  return c.statusline === 'replace' || !theirs || theirs.command === c.statuslineCommand;
}

/** What Claude Code reads from a settings `env` block: its own variables, and gateway model discovery. */
const forClaude = (name: string) => name.startsWith('ANTHROPIC_') || name === CLAUDE_DISCOVERY_VARIABLE;

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

/** The key variables that a settings file sets (a key of the user's own there would outrank the profile's). */
function keyVariablesInSettings(env: Environment): string[] {
  const found = new Set<string>();
  for (const file of claudeSettingsFiles(env)) {
    try {
      const settings = JSON.parse(readText(file) ?? '{}') as { env?: Record<string, unknown> };
      for (const name of CLAUDE_KEY_VARIABLES) if (settings?.env?.[name]) found.add(name);
    } catch {
      // unreadable or not JSON: Claude Code cannot read it either (doctor says so)
    }
  }
  return [...found];
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
    const env = {
      ...Object.fromEntries(plan.set.filter(({ name, secret }) => forClaude(name) && !secret).map(({ name, value }) => [name, value])),
      ...Object.fromEntries(overridden.map((name) => [name, ''])),
    };
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
      env: {
        ANTHROPIC_BASE_URL: c.profile.claude.baseUrl.value,
        ...Object.fromEntries(CLAUDE_TIERS.map(({ key, variable }) => [variable, c.profile.claude[key].value])),
        ...(c.profile.claude.discovery.value && { [CLAUDE_DISCOVERY_VARIABLE]: '1' }),
      },
      apiKeyHelper: c.keyCommand,
      ...(statusLineWanted(c) && { statusLine: { type: 'command', command: c.statuslineCommand } }),
    }),
    notes: (c) => [
      `Claude Code gets the key from \`${c.keyCommand}\`: it must find it without your shell (the .env beside config.toml, or the keychain)`,
      ...(c.statusline && !statusLineWanted(c) ? ['your own statusLine is kept; --replace-statusline puts aigate\'s in its place (--remove puts yours back)'] : []),
    ],
  },
  minimum: { version: '2.1.197', lacks: `gateway models in /model (${CLAUDE_DISCOVERY_VARIABLE})` },
  quiet: { CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', CLAUDE_CODE_MAX_RETRIES: '0' },
};
