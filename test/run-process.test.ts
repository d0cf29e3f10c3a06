import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { AIGATE, aigate, cleanEnv, tempDir } from './support/cli.js';
import { has } from './support/tools.js';

const CHILD = fileURLToPath(new URL('./fixtures/child.mjs', import.meta.url));
const KEY = 'sk-run-0123456789abcdef';
const env = (home: string, extra: Record<string, string> = {}) => cleanEnv(home, { AIGATE_API_KEY: KEY, ...extra });
/** The child fixture waits for a signal only when told to. */
const waiting = (home: string) => env(home, { CHILD_WAIT: '1' });

async function until(condition: () => boolean, what: string) {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('aigate run with real processes', () => {
  it('passes every argument after the command exactly as given, through no shell', async () => {
    const home = tempDir();
    const report = join(home, 'report');
    const args = ['--help', '-p', '--', '', ' ', 'a b', '$x', '$(id)', '`id`', "it's", '"q"', '*', '\n', '--profile', 'x', 'é😀'];
    const result = await aigate(['run', process.execPath, CHILD, report, ...args], env(home), { cwd: home });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(report, 'utf8').split('\n')[0]!).args).toEqual(args);
  });

  it('takes its own options only before the command, and `--` ends them', async () => {
    const home = tempDir();
    writeFileSync(join(home, 'config.toml'), '[profiles.work]\nbase_url = "https://work.test"\n');
    const e = env(home, { AIGATE_CONFIG: join(home, 'config.toml') });
    const printed = await aigate(['run', '--profile', 'work', '--model=m1', '--', 'sh', '-c', 'echo "$AIGATE_PROFILE $AIGATE_BASE_URL $AIGATE_MODEL"'], e);
    expect(printed.stdout).toBe('work https://work.test/v1 m1');
    const unknown = await aigate(['run', '--verbose', 'true'], e);
    expect(unknown.exitCode).toBe(125);
    expect(unknown.stderr).toMatch(/unknown option --verbose for aigate run; aigate's options go before the command/);
  });

  it('gives the child the parent environment plus the profile, minus what the profile removes', async () => {
    const home = tempDir();
    const result = await aigate(['run', 'env'], env(home, { KEEP: 'kept', ANTHROPIC_API_KEY: 'sk-ant-old', CLAUDE_CODE_USE_VERTEX: '1' }));
    const childEnv = Object.fromEntries(result.stdout.split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    expect(childEnv).toMatchObject({ KEEP: 'kept', AIGATE_API_KEY: KEY, ANTHROPIC_AUTH_TOKEN: KEY, ANTHROPIC_BASE_URL: 'https://api.aigate.shop' });
    expect(childEnv).not.toHaveProperty('ANTHROPIC_API_KEY');
    expect(childEnv).not.toHaveProperty('CLAUDE_CODE_USE_VERTEX');
  });

  it('exits with the child\'s own status, for every status 0–255', async () => {
    const home = tempDir();
    const statuses = Array.from({ length: 256 }, (_, i) => i);
    const results: number[] = [];
    for (let i = 0; i < statuses.length; i += 16) {
      const batch = statuses.slice(i, i + 16);
      results.push(...(await Promise.all(batch.map(async (n) => (await aigate(['run', 'sh', '-c', `exit ${n}`], env(home))).exitCode!))));
    }
    expect(results).toEqual(statuses);
  });

  it.each(['SIGTERM', 'SIGKILL', 'SIGINT', 'SIGSEGV'] as const)('dies of the same signal as a child killed by %s', async (signal) => {
    const result = await execa(process.execPath, [AIGATE, 'run', 'sh', '-c', `kill -${signal.slice(3)} $$`], { env: env(tempDir()), extendEnv: false, reject: false });
    expect(result.signal).toBe(signal);
  });

  it.each(['SIGTERM', 'SIGHUP', 'SIGUSR2'] as const)('forwards %s to the child and exits with its status', async (signal) => {
    const home = tempDir();
    const report = join(home, 'report');
    const run = execa(process.execPath, [AIGATE, 'run', process.execPath, CHILD, report], { env: waiting(home), extendEnv: false, reject: false });
    await until(() => existsSync(report), 'the child to start');
    run.kill(signal);
    const result = await run;
    expect(readFileSync(report, 'utf8').split('\n').slice(1, -1)).toEqual([signal]);
    expect(result.exitCode).toBe(41);
  });

  it('forwards SIGINT when there is no terminal (a script sending it)', async () => {
    const home = tempDir();
    const report = join(home, 'report');
    const run = execa(process.execPath, [AIGATE, 'run', process.execPath, CHILD, report], { env: waiting(home), extendEnv: false, reject: false, stdin: 'pipe' });
    await until(() => existsSync(report), 'the child to start');
    run.kill('SIGINT');
    const result = await run;
    expect(readFileSync(report, 'utf8').split('\n').slice(1, -1)).toEqual(['SIGINT']);
    expect(result.exitCode).toBe(41);
  });

  it('connects stdin and stdout: echo hi | aigate run cat', async () => {
    const result = await aigate(['run', 'cat'], env(tempDir()), { input: 'hi\n' });
    expect(result.stdout).toBe('hi');
    expect(result.exitCode).toBe(0);
  });

  it.runIf(has('tmux'))('leaves the terminal to the child: it sees a TTY, and Ctrl-C reaches it once', async () => {
    const home = tempDir();
    const report = join(home, 'report');
    const session = `aigate-tty-${process.pid}`;
    const script = join(home, 'start.sh');
    // The pane's own shell gets the Ctrl-C too: it traps it (so the child still gets the default) and goes on.
    writeFileSync(script, `#!/bin/bash\ntrap 'true' INT\n"${process.execPath}" "${AIGATE}" run "${process.execPath}" "${CHILD}" "${report}"\necho "aigate exited $?" > "${report}.exit"\nsleep 30\n`);
    chmodSync(script, 0o755);
    const tmux = (...args: string[]) => execa('tmux', ['-L', session, ...args], { env: { ...waiting(home), TERM: 'xterm' }, extendEnv: false });
    await tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', script);
    try {
      await until(() => existsSync(report), 'the child to start under tmux');
      expect(JSON.parse(readFileSync(report, 'utf8').split('\n')[0]!).tty).toEqual([true, true]);
      await tmux('send-keys', '-t', session, 'C-c');
      await until(() => existsSync(`${report}.exit`), 'aigate to exit after Ctrl-C');
      expect(readFileSync(report, 'utf8').split('\n').slice(1, -1)).toEqual(['SIGINT']); // once, not forwarded twice
      expect(readFileSync(`${report}.exit`, 'utf8').trim()).toBe('aigate exited 41');
    } finally {
      await tmux('kill-server').catch(() => {});
    }
  });

  it('follows env(1) for its own failures: 127 not found (with the install hint), 126 not executable, 125 otherwise', async () => {
    const home = tempDir();
    const noPath = env(home, { PATH: '/nonexistent' });
    const missing = await aigate(['run', 'claude', '-p', 'hi'], noPath);
    expect(missing.exitCode).toBe(127);
    expect(missing.stderr.trim()).toBe('aigate: claude: command not found; install it with: npm i -g @anthropic-ai/claude-code');
    const missingOther = await aigate(['run', 'no-such-command-here'], env(home));
    expect(missingOther.exitCode).toBe(127);
    const notExecutable = join(home, 'not-executable');
    writeFileSync(notExecutable, '#!/bin/sh\n');
    expect((await aigate(['run', notExecutable], env(home))).exitCode).toBe(126);
    const noKey = await aigate(['run', 'codex', 'exec', 'hi'], cleanEnv(home));
    expect(noKey.exitCode).toBe(125);
    expect(noKey.stderr).toMatch(/no API key for profile "default": run `aigate login`, or set AIGATE_API_KEY .*; Codex CLI needs it/);
    writeFileSync(join(home, 'bad.toml'), 'profile = [\n');
    const badConfig = await aigate(['run', 'true'], env(home, { AIGATE_CONFIG: join(home, 'bad.toml') }));
    expect(badConfig.exitCode).toBe(125);
    expect(badConfig.stderr).toMatch(/bad\.toml:\d+:\d+: invalid TOML/);
    expect((await aigate(['run'], env(home))).exitCode).toBe(125);
  });

  it('shows its help with `aigate run --help`, but passes `--help` after the command to the command', async () => {
    const help = await aigate(['run', '--help'], env(tempDir()));
    expect(help.stdout).toContain('aigate run <command> [...args]');
    const childHelp = await aigate(['run', 'sh', '-c', 'printf %s "$1"', 'sh', '--help'], env(tempDir()));
    expect(childHelp.stdout).toBe('--help');
  });

  it('gives claude a private settings file (0700 folder, 0600 file) and removes it when aigate is terminated', async () => {
    const home = tempDir();
    const bin = join(home, 'bin');
    const tmp = join(home, 'tmp');
    mkdirSync(bin);
    mkdirSync(tmp);
    const report = join(home, 'report.json');
    // A stand-in claude: records its arguments and the settings file it was given, then waits.
    writeFileSync(join(bin, 'claude'), `#!/bin/sh
settings="$2"
printf '{"args":"%s","settings":%s,"mode":"%s","dirMode":"%s"}' "$*" "$(cat "$settings")" "$(stat -c %a "$settings")" "$(stat -c %a "$(dirname "$settings")")" > "${report}.tmp"
mv "${report}.tmp" "${report}"
trap 'exit 3' TERM
while :; do sleep 0.05; done
`);
    chmodSync(join(bin, 'claude'), 0o755);
    const run = execa(process.execPath, [AIGATE, 'run', 'claude', '--model', 'x'], {
      env: env(home, { PATH: `${bin}:${process.env.PATH}`, TMPDIR: tmp }),
      extendEnv: false,
      reject: false,
    });
    await until(() => existsSync(report), 'the stand-in claude to start');
    const seen = JSON.parse(readFileSync(report, 'utf8'));
    expect(seen.args).toMatch(/^--settings \S+\/aigate-run-\d+-\w+\/claude-settings\.json --model x$/);
    expect(seen.args).not.toContain(KEY);
    // No key in the file (it would outlive a SIGKILLed run): it stays in the environment.
    expect(seen.settings.env).toMatchObject({ ANTHROPIC_BASE_URL: 'https://api.aigate.shop' });
    expect(seen.settings.env).not.toHaveProperty('ANTHROPIC_AUTH_TOKEN');
    expect(seen.settings).not.toHaveProperty('apiKeyHelper');
    expect(JSON.stringify(seen.settings)).not.toContain(KEY);
    expect([seen.mode, seen.dirMode]).toEqual(['600', '700']);
    expect(readdirSync(tmp)).toHaveLength(1);
    run.kill('SIGTERM');
    const result = await run;
    expect(result.exitCode).toBe(3);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
