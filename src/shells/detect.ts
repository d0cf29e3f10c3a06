import { shellOfProcess } from './index.js';
import { readFileSync, readlinkSync } from 'node:fs';

/** A file of /proc, or '' when it cannot be read (another user's process, a process gone). */
function procFile(pid: number, name: string, read: (path: string) => string = (path) => readFileSync(path, 'utf8')): string {
  try {
    return read(`/proc/${pid}/${name}`);
  } catch {
    return '';
  }
}

/**
 * The names a process may be known by, as a shell's process: its 15-character name, its program,
 * and its command line. The name alone is not enough: with python3-setproctitle (a Recommends of
 * Debian's xonsh) xonsh renames itself "xonsh --no-rc …", and without it the process is python3
 * running /usr/bin/xonsh.
 */
function namesOf(pid: number, comm: string): string[] {
  const argv = procFile(pid, 'cmdline').split('\0').filter(Boolean);
  const program = argv[0]?.split(' ')[0] ?? '';
  const script = /(^|\/)(python|pypy)[\d.]*$/.test(program) ? argv.slice(1).find((arg) => !arg.startsWith('-')) : undefined;
  return [comm, comm.split(' ')[0]!, procFile(pid, 'exe', readlinkSync), program, ...(script ? [script] : [])].filter(Boolean);
}

/** On Linux, the nearest ancestor that is a shell (a launcher such as npx may stand between). */
function ancestorShell(): string | undefined {
  let pid = process.ppid;
  for (let depth = 0; depth < 6 && pid > 1; depth++) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may itself hold spaces and parentheses.
      const close = stat.lastIndexOf(')');
      const format = namesOf(pid, stat.slice(stat.indexOf('(') + 1, close)).map(shellOfProcess).find(Boolean);
      if (format) return format;
      pid = Number(stat.slice(close + 2).split(' ')[1]);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The shell that will evaluate the output: the parent process, else $SHELL, else sh (PowerShell on Windows). */
export function detectShell(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'linux') {
    const found = ancestorShell();
    if (found) return found;
  }
  const fromEnv = env.SHELL ? shellOfProcess(env.SHELL) : undefined;
  return fromEnv ?? (platform === 'win32' ? 'powershell' : 'sh');
}
