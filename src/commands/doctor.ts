import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import { CLAUDE_TIERS } from '../profile/claude-tiers.js';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { AGENTS, CLIENTS } from '../agents/index.js';
import type { DoctorCheck } from '../agents/types.js';
import type { Profile, Source } from '../profile/types.js';
import { type Resolved, resolveFromEnvironment } from '../config/load.js';
import { configFile } from '../config/paths.js';
import { catalog } from '../gateway/catalog.js';
import { nearest } from '../gateway/explain.js';
import { policyProblems } from '../integration/execution-policy.js';
import { damagedBlock, installedIn, rcFiles } from '../integration/rc-file.js';
import { maskKey } from '../profile/mask.js';
import { describeSource, keyAdvice } from '../profile/resolve.js';
import { escapeControls, terminalJson } from '../output.js';
import { INTEGRATION_SHELLS } from '../shells/index.js';
import { windowsVariable } from '../windows-env.js';

type Check = DoctorCheck;

function environmentChecks(env: NodeJS.ProcessEnv, profile: Profile | undefined): Check[] {
  const checks: Check[] = [];
  // What the other agents read when started without aigate run: a value pointing elsewhere sends them (and their key) there.
  const base = profile?.baseUrl.value;
  for (const agent of CLIENTS) {
    for (const name of agent.baseUrlVariables ?? []) {
      const value = env[name]?.replace(/\/+$/, '');
      if (value && base && value !== base && value !== base.replace(/\/v1$/, '')) {
        checks.push({ status: 'warn', check: 'environment', detail: `${name} is set to ${env[name]}: ${agent.title} started directly goes there, not to ${base}`, fix: `unset ${name}, or start it with aigate run` });
      }
    }
  }
  return checks;
}

/** Whether dotted version `a` comes before `b`, numerically, part by part. */
function olderThan(a: string, b: string): boolean {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < Math.max(x!.length, y!.length); i++) {
    if ((x![i] ?? 0) !== (y![i] ?? 0)) return (x![i] ?? 0) < (y![i] ?? 0);
  }
  return false;
}

/**
 * The program `command` names, as the shell would find it on PATH (on Windows with each PATHEXT
 * extension, names compared without case by the file system), or undefined.
 */
export function onPath(command: string, env: NodeJS.ProcessEnv, platform = process.platform): string | undefined {
  const path = platform === 'win32' ? (windowsVariable(env, 'PATH') ?? '') : (env.PATH ?? '');
  const extensions = platform === 'win32' ? (windowsVariable(env, 'PATHEXT') ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean) : [''];
  for (const dir of path.split(delimiter).filter(Boolean)) {
    for (const extension of extensions) {
      const file = join(dir, command + extension);
      try {
        if (!statSync(file).isFile()) continue;
        if (platform !== 'win32') accessSync(file, fsConstants.X_OK);
        return file;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** Every agent that can use AIGate: on PATH or not (and how to install it), and its version. */
async function agentChecks(env: NodeJS.ProcessEnv): Promise<Check[]> {
  return Promise.all(
    CLIENTS.map(async (agent): Promise<Check> => {
      const command = agent.commands[0]!;
      // Looked up first: on Windows an npm .cmd shim runs through cmd.exe, which answers a missing
      // program with its own "is not recognized" text instead of ENOENT.
      const program = onPath(command, env);
      if (!program) return { status: 'warn', check: command, detail: `${agent.title}: not installed (not on PATH)`, fix: agent.install };
      const result = await execa(program, ['--version'], { reject: false, timeout: 15_000, stdin: 'ignore' });
      const version = String(result.stdout).trim().split('\n')[0] || String(result.stderr).trim().split('\n')[0] || `exit ${result.exitCode}`;
      const found = /\d+(\.\d+)+/.exec(version)?.[0];
      if (result.exitCode === 0 && agent.minimum && found && olderThan(found, agent.minimum.version)) {
        return { status: 'warn', check: command, detail: `${agent.title} ${found} is older than ${agent.minimum.version}: no ${agent.minimum.lacks}`, fix: agent.install.concat('@latest') };
      }
      return { status: result.exitCode === 0 ? 'ok' : 'warn', check: command, detail: `${agent.title} ${version}` };
    }),
  );
}

/** Whether a value is aigate's own default (or made from one), which the user never chose. */
function builtIn(source: Source): boolean {
  return source.kind === 'default' || (source.kind === 'derived' && builtIn(source.from));
}

async function catalogChecks(resolved: Resolved): Promise<Check[]> {
  const { profile } = resolved;
  if (!profile.key) return [];
  try {
    // Asked afresh: a cached list would hide a key the gateway now rejects, or a gateway gone.
    const { models, stale } = await catalog(profile, process.env, { refresh: true, timeoutMs: 15_000 });
    if (stale) return [{ status: 'fail', check: 'gateway', detail: stale }];
    const ids = models.map((m) => m.id);
    // Each id with the config key that sets it, for a fix to copy.
    const configured = [
      { key: 'model', model: profile.model },
      ...CLAUDE_TIERS.map(({ key }) => ({ key: `claude.${key}`, model: profile.claude[key] })),
      ...(profile.claude.customModel ? [{ key: 'claude.custom_model', model: profile.claude.customModel }] : []),
    ];
    // One line per id, for its first key: the custom /model entry repeats the profile's model.
    const missing = configured.filter(({ model }, i) => !ids.includes(model.value) && configured.findIndex((c) => c.model.value === model.value) === i);
    if (!missing.length) return [{ status: 'ok', check: 'models', detail: `the ${new Set(configured.map(({ model }) => model.value)).size} configured ids are in the gateway's catalog (${ids.length} models)` }];
    return missing.map(({ key, model: m }) => ({
      // An id the user chose fails; a built-in default they never chose is a warning that says how to choose.
      status: builtIn(m.source) ? 'warn' : 'fail',
      check: 'models',
      detail: `"${m.value}" (${describeSource(m.source)}) is not in the gateway's catalog`,
      fix: `${builtIn(m.source) ? 'pick one from the list: aigate setup, or ' : ''}aigate config set profiles.${profile.name.value}.${key} ID (closest ids: ${nearest(m.value, ids).join(', ')})`,
    }));
  } catch (error) {
    return [{ status: 'fail', check: 'gateway', detail: (error as Error).message }];
  }
}

/** `aigate doctor`: is everything on this machine set up right, and if not, what to do. */
export async function doctorCommand(options: { json?: boolean }): Promise<void> {
  const env = process.env;
  const checks: Check[] = [];
  let resolved: Resolved | undefined;
  try {
    resolved = await resolveFromEnvironment(env, {}, { key: true });
    const file = resolved.input.config?.file;
    checks.push({ status: 'ok', check: 'config', detail: file ? `${file} is valid` : `${configFile(env)} not found: built-in defaults serve` });
    for (const warning of resolved.warnings) checks.push({ status: 'warn', check: 'config', detail: warning });
    const { profile } = resolved;
    checks.push({ status: 'ok', check: 'profile', detail: `${profile.name.value} (${describeSource(profile.name.source)}), ${profile.baseUrl.value}` });
    checks.push(
      profile.key
        ? { status: 'ok', check: 'key', detail: `${maskKey(profile.key.value)} from ${describeSource(profile.key.source)}` }
        : { status: 'fail', check: 'key', detail: 'no API key', fix: keyAdvice(profile) },
    );
  } catch (error) {
    checks.push({ status: 'fail', check: 'config', detail: (error as Error).message, fix: 'fix the file as the message says' });
  }
  const installed = INTEGRATION_SHELLS.flatMap((shell) => rcFiles(shell, env).filter(installedIn));
  const damage = new Map(installed.map((file) => [file, damagedBlock(file)]));
  const damaged = [...damage.values()].filter((problem) => problem !== undefined);
  const intact = installed.filter((file) => damage.get(file) === undefined);
  for (const problem of damaged) checks.push({ status: 'fail', check: 'integration', detail: problem, fix: 'remove the block yourself, then aigate install' });
  if (intact.length) checks.push({ status: 'ok', check: 'integration', detail: `installed in ${intact.join(', ')}` });
  else if (!damaged.length) checks.push({ status: 'warn', check: 'integration', detail: 'not installed in any shell', fix: 'aigate install' });
  // On Windows, a PowerShell whose execution policy refuses scripts never runs the profile aigate wrote.
  if (rcFiles('powershell', env).some((file) => installed.includes(file))) {
    for (const { edition, policy, source, fix } of await policyProblems(env)) {
      checks.push({ status: 'fail', check: 'integration', detail: `${edition} will not run its profile: the execution policy is ${policy} (${source})`, fix });
    }
  }
  checks.push(...(await agentChecks(env)), ...environmentChecks(env, resolved?.profile));
  // Each agent's own checks, from its record: its files, the variables that send it elsewhere.
  for (const agent of AGENTS) checks.push(...((await agent.doctor?.({ env, ...(resolved && { plan: resolved.plan }) })) ?? []));
  if (resolved) checks.push(...(await catalogChecks(resolved)));

  if (options.json) process.stdout.write(`${terminalJson(checks)}\n`);
  else {
    const width = Math.max(...checks.map((c) => c.check.length));
    for (const c of checks) process.stdout.write(`${c.status.padEnd(4)}  ${c.check.padEnd(width)}  ${escapeControls(c.detail)}${c.fix ? `\n${' '.repeat(width + 8)}fix: ${escapeControls(c.fix)}` : ''}\n`);
  }
  if (checks.some((c) => c.status === 'fail')) process.exitCode = 1;
}
