import { basename } from 'node:path';
import { claude } from './claude.js';
import { cline } from './cline.js';
import { codex } from './codex.js';
import { continueCli } from './continue.js';
import { copilot } from './copilot.js';
import { kilo } from './kilo.js';
import { crush, gemini } from './not-clients.js';
import { opencode } from './opencode.js';
import { qwen } from './qwen.js';
import type { Agent } from './types.js';

/** Every agent aigate knows, one record each; `run`, `setup`, `doctor` and help read this table. */
export const AGENTS: readonly Agent[] = [claude, codex, opencode, kilo, copilot, qwen, cline, continueCli, gemini, crush];

/** The agents that can use AIGate. */
export const CLIENTS = AGENTS.filter((agent) => agent.launch);

/** The agent a command launches, by its basename (`/usr/bin/claude`, `claude.cmd`); undefined for any other command. */
export function agentFor(command: string): Agent | undefined {
  const name = basename(command.replaceAll('\\', '/')).replace(/\.(cmd|exe|bat|ps1)$/i, '').toLowerCase();
  return AGENTS.find((agent) => agent.commands.includes(name));
}
