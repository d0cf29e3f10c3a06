import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type Options } from 'execa';
import { afterAll } from 'vitest';

/** The built CLI, as users run it. */
export const AIGATE = fileURLToPath(new URL('../../bin/aigate.cjs', import.meta.url));

/** A temporary folder removed after the test file. */
export function tempDir(prefix = 'aigate-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A minimal, isolated environment: nothing of the developer's AIGATE_* or ANTHROPIC_* leaks in. */
export function cleanEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    XDG_CONFIG_HOME: join(home, '.config'),
    ...extra,
  };
}

export interface Outcome {
  stdout: string;
  stderr: string;
  exitCode: number | undefined;
}

/** Runs `aigate …` with exactly `env` as its environment. */
export async function aigate(args: string[], env: Record<string, string>, options: Pick<Options, 'cwd' | 'input' | 'timeout'> = {}): Promise<Outcome> {
  const { stdout, stderr, exitCode } = await execa(process.execPath, [AIGATE, ...args], { env, extendEnv: false, reject: false, ...options });
  return { stdout: String(stdout), stderr: String(stderr), exitCode };
}
