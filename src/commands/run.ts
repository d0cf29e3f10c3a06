import { lstatSync, mkdtempSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepDead, writePrivateFile } from '../edit/file.js';
import spawn from 'cross-spawn';
import { agentFor, CLIENTS, routeFor } from '../agents/index.js';
import { resolveFromEnvironment } from '../config/load.js';
import { AigateError } from '../errors.js';
import { pickerModels } from '../gateway/catalog.js';
import { missingKey } from '../profile/resolve.js';
import { applyChanges, transition } from '../profile/state.js';
import { checkChanges, listed } from '../shells/index.js';
import { escapeControls, writeAll } from '../output.js';

/** Exit statuses of env(1), which `aigate run` mirrors for its own failures before launch. */
const EXIT = { failed: 125, notExecutable: 126, notFound: 127 } as const;

export interface RunArguments {
  profile?: string;
  model?: string;
  help?: boolean;
  command?: string;
  args: string[];
}

/**
 * aigate's own options come only before the command; everything after it is the child's, exactly
 * as given (its `--help`, `-p`, `--` included). A `--` ends aigate's options explicitly.
 */
export function splitRunArguments(argv: readonly string[]): RunArguments {
  const parsed: RunArguments = { args: [] };
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '-h' || flag === '--help') {
      parsed.help = true;
    } else if (flag === '--profile' || flag === '--model') {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new AigateError(`${flag} needs a value`, EXIT.failed);
      parsed[flag === '--profile' ? 'profile' : 'model'] = value;
    } else {
      throw new AigateError(`unknown option ${flag} for aigate run; aigate's options go before the command, the command's after it`, EXIT.failed);
    }
  }
  parsed.command = argv[i];
  parsed.args = argv.slice(i + 1);
  return parsed;
}

/** Forwarded to the child. A terminal's Ctrl-C already reaches it (same process group), so SIGINT only without one. */
const FORWARDED = ['SIGTERM', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGUSR2'] as const;

/**
 * Where a run keeps its private files (claude's settings, key inside): a per-user tmpfs emptied at
 * logout when there is one, else the temporary folder. Each run's folder carries its pid, so that a
 * later run removes the folders of runs killed before they could (SIGKILL).
 */
function privateRoot(env: NodeJS.ProcessEnv): string {
  const runtime = env.XDG_RUNTIME_DIR;
  try {
    const stat = runtime ? lstatSync(runtime) : undefined;
    if (runtime && stat?.isDirectory() && stat.uid === process.getuid?.()) return runtime;
  } catch {
    // not usable: the temporary folder
  }
  return tmpdir();
}

const PRIVATE_PREFIX = 'aigate-run-';

export async function runCommand(run: RunArguments): Promise<void> {
  if (!run.command) throw new AigateError('which command? usage: aigate run [--profile NAME] [--model ID] <command> [args…]', EXIT.failed);
  const command = run.command;
  const agent = agentFor(command);
  if (agent?.refusal) throw new AigateError(`${agent.refusal}; use ${listed(CLIENTS.map((client) => client.commands[0]!))}`, EXIT.failed);

  let privateDir: string | undefined;
  const removePrivateFiles = () => {
    if (privateDir) rmSync(privateDir, { recursive: true, force: true });
    privateDir = undefined;
  };

  let childArgs: string[];
  let env: Record<string, string | undefined>;
  try {
    const { profile, plan } = await resolveFromEnvironment(process.env, { profile: run.profile, model: run.model }, { key: true });
    if (!profile.key && agent) throw new AigateError(`${missingKey(profile)}; ${agent.title} needs it`);
    const warn = (message: string) => writeAll(2, `aigate: warning: ${escapeControls(message)}\n`);
    if (!profile.key) warn(missingKey(profile));
    const changes = transition(process.env, plan);
    checkChanges(changes);
    const models = agent?.listsModels ? await pickerModels(profile, process.env, warn) : [];
    const launch = agent?.launch?.({
      profile,
      route: routeFor(agent, profile),
      plan,
      args: run.args,
      models,
      command,
      warn,
      privateFile(name, content) {
        if (!privateDir) {
          const root = privateRoot(process.env);
          sweepDead(root, PRIVATE_PREFIX, /^-\w+$/);
          privateDir = mkdtempSync(join(root, `${PRIVATE_PREFIX}${process.pid}-`)); // mode 0700
        }
        const file = join(privateDir, name);
        writePrivateFile(file, content);
        return file;
      },
    });
    const windows = process.platform === 'win32';
    env = applyChanges(applyChanges(process.env, changes, windows), { set: Object.entries(launch?.env ?? {}), unset: [] }, windows);
    childArgs = [...(launch?.args ?? []), ...run.args];
  } catch (error) {
    removePrivateFiles();
    if (error instanceof AigateError) throw new AigateError(error.message, EXIT.failed);
    throw error;
  }

  // cross-spawn, not child_process.spawn: on Windows npm installs agents as .cmd shims, which Node
  // refuses to spawn without a shell (EINVAL), and a shell would open argument injection.
  const child = spawn(command, childArgs, { stdio: 'inherit', env });
  const forward = (signal: NodeJS.Signals) => {
    if (signal === 'SIGINT' && process.stdin.isTTY) return;
    child.kill(signal);
  };
  for (const signal of FORWARDED) process.on(signal, forward);
  const result = await new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null; error?: NodeJS.ErrnoException }>((resolve) => {
    child.once('error', (error) => resolve({ exitCode: null, signal: null, error }));
    child.once('exit', (exitCode, signal) => resolve({ exitCode, signal }));
  });
  for (const signal of FORWARDED) process.off(signal, forward);
  removePrivateFiles();

  if (result.error?.code === 'ENOENT') {
    throw new AigateError(`${command}: command not found${agent ? `; install it with: ${agent.install}` : ''}`, EXIT.notFound);
  }
  if (result.error?.code === 'EACCES') throw new AigateError(`${command}: not executable (permission denied)`, EXIT.notExecutable);
  if (result.error) throw new AigateError(`${command}: ${result.error.message}`, EXIT.failed);
  if (result.signal) {
    // Die of the same signal, so that the caller (a shell, a CI runner) sees what the child saw.
    process.exitCode = 128 + (constants.signals[result.signal] ?? 0);
    process.kill(process.pid, result.signal);
    return;
  }
  process.exitCode = result.exitCode ?? EXIT.failed;
}
