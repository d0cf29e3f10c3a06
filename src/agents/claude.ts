import type { Agent } from './types.js';

/**
 * Claude Code reads the profile's ANTHROPIC_* variables, but a user's settings.json `env` block
 * overrides the process environment; `--settings FILE` ranks above it. The file holds the key, so it
 * is private and temporary, and only its path appears among the arguments.
 */
export const claude: Agent = {
  command: 'claude',
  install: 'npm i -g @anthropic-ai/claude-code',
  launch({ plan, privateFile }) {
    const env = Object.fromEntries(plan.set.filter(({ name }) => name.startsWith('ANTHROPIC_')).map(({ name, value }) => [name, value]));
    return { args: ['--settings', privateFile('claude-settings.json', `${JSON.stringify({ env }, null, 2)}\n`)], env: {} };
  },
};
