import { join } from 'node:path';

type Environment = Record<string, string | undefined>;

/** A variable of a Windows environment, its name compared without case as Windows compares it. */
export function windowsVariable(env: Environment, name: string): string | undefined {
  const key = Object.keys(env).find((candidate) => candidate.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : env[key];
}

/** One of Windows' own programs (reg.exe), by its full path: PATH is not searched for it. */
export function systemProgram(env: Environment, name: string): string {
  return join(windowsVariable(env, 'SystemRoot') || windowsVariable(env, 'windir') || 'C:\\Windows', 'System32', name);
}
