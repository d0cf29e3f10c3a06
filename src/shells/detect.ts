import { shellOfProcess } from './index.js';
import { readFileSync } from 'node:fs';

/** On Linux, the nearest ancestor that is a shell (a launcher such as npx may stand between). */
function ancestorShell(): string | undefined {
  let pid = process.ppid;
  for (let depth = 0; depth < 6 && pid > 1; depth++) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may itself hold spaces and parentheses.
      const close = stat.lastIndexOf(')');
      const format = shellOfProcess(stat.slice(stat.indexOf('(') + 1, close));
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
