import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { rcFiles } from './rc-file.js';
import { systemProgram } from '../windows-env.js';

type Environment = Record<string, string | undefined>;

/** A PowerShell on Windows that would not run the profile aigate writes for it. */
export interface PolicyProblem {
  /** "PowerShell 7 (pwsh)" or "Windows PowerShell 5.1 (powershell.exe)". */
  edition: string;
  /** The effective execution policy: Restricted or AllSigned. */
  policy: string;
  /** Where that policy comes from (a registry key, a file, or the edition's default). */
  source: string;
  /** What to do about it, as one sentence. */
  fix: string;
}

/** A policy under which a profile aigate wrote (a plain, unsigned .ps1) is not run. */
const BLOCKING = ['restricted', 'allsigned'];

const POLICY_KEYS = {
  pwsh: 'Software\\Policies\\Microsoft\\PowerShellCore',
  windows: 'Software\\Policies\\Microsoft\\Windows\\PowerShell',
};
const SHELL_ID_KEY = 'Software\\Microsoft\\PowerShell\\1\\ShellIds\\Microsoft.PowerShell';

/**
 * One value of the registry, read with reg.exe (Windows' own, by its full path: PATH is not
 * searched), or undefined when the key or value is missing (reg exits 1). Reading the registry this
 * way, rather than asking PowerShell, costs a few milliseconds instead of a PowerShell start.
 */
function regValue(env: Environment, key: string, name: string): Promise<string | undefined> {
  const reg = systemProgram(env, 'reg.exe');
  return new Promise((done) => {
    execFile(reg, ['query', key, '/v', name], { windowsHide: true, timeout: 10_000 }, (error, stdout) => {
      if (error) return done(undefined);
      // "    ExecutionPolicy    REG_SZ    RemoteSigned" (REG_DWORD values read 0x1).
      const match = new RegExp(`^\\s+${name}\\s+REG_\\w+\\s+(\\S+)`, 'mi').exec(stdout);
      done(match?.[1]);
    });
  });
}

/**
 * A Group Policy key's policy, as PowerShell reads it: nothing without EnableScripts, Restricted
 * when it is 0 ("Turn on Script Execution": Disabled), else its ExecutionPolicy.
 */
async function groupPolicy(env: Environment, hive: 'HKLM' | 'HKCU', key: string): Promise<[string, string] | undefined> {
  const path = `${hive}\\${key}`;
  const enabled = await regValue(env, path, 'EnableScripts');
  if (enabled === undefined) return undefined;
  if (Number(enabled) === 0) return ['Restricted', `Group Policy (${path} EnableScripts 0)`];
  const policy = await regValue(env, path, 'ExecutionPolicy');
  return policy ? [policy, `Group Policy (${path})`] : undefined;
}

/** "Microsoft.PowerShell:ExecutionPolicy" of a powershell.config.json, if the file sets it. */
function configPolicy(file: string): string | undefined {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8').replace(/^\ufeff/, ''))?.['Microsoft.PowerShell:ExecutionPolicy'];
    return typeof value === 'string' && value ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The first policy found, in PowerShell's order of precedence ('Undefined' counts as not set). */
async function firstOf(candidates: Array<() => Promise<[string, string] | undefined>>, fallback: [string, string]): Promise<[string, string]> {
  for (const candidate of candidates) {
    const found = await candidate();
    if (found && found[0].toLowerCase() !== 'undefined') return found;
  }
  return fallback;
}

/** PowerShell 7: Group Policy (machine, user), the user's powershell.config.json, then $PSHOME's. */
function pwshPolicy(env: Environment): Promise<[string, string]> {
  // The folder of the profile aigate writes for PowerShell 7, where Set-ExecutionPolicy -Scope CurrentUser writes.
  const userConfig = join(dirname(rcFiles('powershell', env, 'win32')[0]!), 'powershell.config.json');
  return firstOf(
    [
      () => groupPolicy(env, 'HKLM', POLICY_KEYS.pwsh),
      () => groupPolicy(env, 'HKCU', POLICY_KEYS.pwsh),
      async () => {
        const policy = configPolicy(userConfig);
        return policy ? [policy, userConfig] : undefined;
      },
    ],
    // $PSHOME\powershell.config.json, whose folder aigate cannot know: PowerShell 7 ships it with RemoteSigned.
    ['RemoteSigned', "PowerShell 7's own powershell.config.json"],
  );
}

/** Windows PowerShell 5.1: Group Policy (machine, user), then the ShellIds key (user, machine), then the edition's default. */
async function windowsPowerShellPolicy(env: Environment): Promise<[string, string]> {
  const shellId = (hive: 'HKCU' | 'HKLM') => async (): Promise<[string, string] | undefined> => {
    const policy = await regValue(env, `${hive}\\${SHELL_ID_KEY}`, 'ExecutionPolicy');
    return policy ? [policy, `${hive}\\${SHELL_ID_KEY}`] : undefined;
  };
  // The default: RemoteSigned on Windows Server (2012 R2 and later), Restricted on client editions.
  const installation = await regValue(env, 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', 'InstallationType');
  const fallback: [string, string] = installation?.toLowerCase() === 'server' ? ['RemoteSigned', 'the Windows Server default'] : ['Restricted', 'the default on Windows client editions'];
  return firstOf([() => groupPolicy(env, 'HKLM', POLICY_KEYS.windows), () => groupPolicy(env, 'HKCU', POLICY_KEYS.windows), shellId('HKCU'), shellId('HKLM')], fallback);
}

/**
 * For each PowerShell whose profile `aigate install` writes on Windows, the effective execution
 * policy if it would keep that profile from running (Restricted, AllSigned), read without starting
 * PowerShell. Empty anywhere but Windows. Process-scope policies (-ExecutionPolicy, the
 * PSExecutionPolicyPreference variable) are per session and not read.
 */
export async function policyProblems(env: Environment = process.env, platform: NodeJS.Platform = process.platform): Promise<PolicyProblem[]> {
  if (platform !== 'win32') return [];
  const editions: Array<[string, string, Promise<[string, string]>]> = [
    ['PowerShell 7 (pwsh)', 'pwsh', pwshPolicy(env)],
    ['Windows PowerShell 5.1 (powershell.exe)', 'powershell.exe', windowsPowerShellPolicy(env)],
  ];
  const problems: PolicyProblem[] = [];
  for (const [edition, program, found] of editions) {
    const [policy, source] = await found;
    if (!BLOCKING.includes(policy.toLowerCase())) continue;
    // Group Policy outranks every scope Set-ExecutionPolicy can write.
    const fix = source.startsWith('Group Policy')
      ? 'Group Policy sets it: only an administrator can change it'
      : `run in ${program}: Set-ExecutionPolicy -Scope CurrentUser RemoteSigned`;
    problems.push({ edition, policy, source, fix });
  }
  return problems;
}
