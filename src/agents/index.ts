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
import { AigateError } from '../errors.js';
import { describeSource } from '../profile/resolve.js';
import type { RouteName } from '../profile/routes.js';
import type { Profile } from '../profile/types.js';
import type { Agent } from './types.js';

/** Every agent aigate knows, one record each; `run`, `setup`, `doctor` and help read this table. */
export const AGENTS: readonly Agent[] = [claude, codex, opencode, kilo, copilot, qwen, cline, continueCli, gemini, crush];

/** The agents that can use AIGate. */
export const CLIENTS = AGENTS.filter((agent) => agent.launch);

/** The route `agent` uses with `profile`: the profile's [routes] choice, else the agent's default; one it cannot use is an error. */
export function routeFor(agent: Agent, profile: Profile): RouteName {
  const chosen = profile.routes[agent.name];
  const { default: fallback, supported } = agent.routes!;
  if (!chosen) return fallback;
  if (!supported.includes(chosen.value)) {
    throw new AigateError(`${agent.title} cannot use the ${chosen.value} route (${describeSource(chosen.source)}); it can use ${supported.join(', ')}`);
  }
  return chosen.value;
}

/** The agent a command launches, by its basename (`/usr/bin/claude`, `claude.cmd`); undefined for any other command. */
export function agentFor(command: string): Agent | undefined {
  const name = basename(command.replaceAll('\\', '/')).replace(/\.(cmd|exe|bat|ps1)$/i, '').toLowerCase();
  return AGENTS.find((agent) => agent.commands.includes(name));
}
