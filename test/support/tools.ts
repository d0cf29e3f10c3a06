import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** Where `npm install --prefix test/e2e` puts the pinned agents' commands. */
export const E2E_BIN = fileURLToPath(new URL('../e2e/node_modules/.bin/', import.meta.url));

/** Whether a pinned agent is installed in test/e2e; as `has`, a missing one fails under CI=true. */
export function pinnedAgent(name: string): boolean {
  if (existsSync(join(E2E_BIN, name))) return true;
  if (process.env.CI === 'true') throw new Error(`CI: ${name} is not installed in test/e2e; .ci/run must run npm ci --prefix test/e2e`);
  process.stderr.write(`skipping tests that need the real ${name}: run \`npm install --prefix test/e2e\`\n`);
  return false;
}
