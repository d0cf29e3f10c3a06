import { join } from 'node:path';
import { homeOf } from '../config/paths.js';
import { CLAUDE_DISCOVERY_VARIABLE, CLAUDE_TIERS } from '../profile/claude-tiers.js';
import type { Tree } from '../edit/verify.js';
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

/**
 * Claude Code reads the profile's ANTHROPIC_* variables, but a user's settings.json `env` block
 * overrides the process environment; `--settings FILE` ranks above it. The file holds the key, so it
 * is private and temporary, and only its path appears among the arguments.
 */
export const claude: Agent = {
  name: 'claude',
  title: 'Claude Code',
  commands: ['claude'],
  routes: { default: 'messages', supported: ['messages'] },
  install: 'npm i -g @anthropic-ai/claude-code',
  launch({ plan, privateFile }) {
    const env = Object.fromEntries(plan.set.filter(({ name }) => forClaude(name)).map(({ name, value }) => [name, value]));
    return { args: ['--settings', privateFile('claude-settings.json', `${JSON.stringify({ env }, null, 2)}\n`)], env: {} };
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
