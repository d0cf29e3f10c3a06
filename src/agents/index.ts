import { basename } from 'node:path';
import { claude } from './claude.js';
import { codex } from './codex.js';
import { opencode } from './opencode.js';
import type { Agent } from './types.js';

export const AGENTS: readonly Agent[] = [claude, codex, opencode];

/** The agent a command launches, by its basename (`/usr/bin/claude`, `claude.cmd`); undefined for any other command. */
export function agentFor(command: string): Agent | undefined {
  const name = basename(command.replaceAll('\\', '/')).replace(/\.(cmd|exe|bat|ps1)$/i, '').toLowerCase();
  return AGENTS.find((agent) => agent.command === name);
}
