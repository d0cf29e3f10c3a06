import { execFileSync } from 'node:child_process';

export function onPath(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v "$1"`, 'sh', tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a prerequisite (a shell, a client binary) is there. Under CI=true a missing one fails the
 * run; on a developer's machine the tests that need it are skipped with a one-line reason.
 */
export function has(tool: string): boolean {
  if (onPath(tool)) return true;
  if (process.env.CI === 'true') throw new Error(`CI: ${tool} is not installed; .ci/run must install it`);
  process.stderr.write(`skipping tests that need ${tool}: not on PATH\n`);
  return false;
}
