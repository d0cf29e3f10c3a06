// The edges an adversarial pass found (issue 21), each through the built CLI: a keychain that never
// answers, keys echoed back, a forged AIGATE_STATE, key commands run where no key is needed, output
// errors, files aigate must not create or may not write, names that are JavaScript's own.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer, type Server } from 'node:net';
import { join } from 'node:path';
import { execa } from 'execa';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactKey } from '../src/profile/mask.js';
import { AIGATE, aigate, cleanEnv, type Outcome, tempDir } from './support/cli.js';
import { seedFromEnv } from './support/fuzz.js';
import { type MockGateway, startMockGateway } from './support/mock-gateway.js';
import { has } from './support/tools.js';

const KEY = 'sk-edge-4f9a1c2e7b3d8a6f0e5c';

/** Every way the key could leak into text: any 8-character run of it, its base64 at each alignment, URL-encoded. */
function leaks(text: string, key = KEY): string[] {
  const found: string[] = [];
  for (let i = 0; i + 8 <= key.length; i++) if (text.includes(key.slice(i, i + 8))) found.push(key.slice(i, i + 8));
  for (let shift = 0; shift < 3; shift++) {
    const b64 = Buffer.concat([Buffer.alloc(shift), Buffer.from(key)]).toString('base64').slice(4, -4);
    if (text.includes(b64)) found.push(`base64 ${b64}`);
  }
  return found;
}

/** Ends what a test left running (pkill exits 1 when nothing matched). */
function stop(pattern: string) {
  try {
    execFileSync('pkill', ['-f', pattern], { stdio: 'ignore' });
  } catch {
    // nothing left
  }
}

function sandbox(config = '', extra: Record<string, string> = {}) {
  const home = tempDir('aigate-edges-');
  const file = join(home, '.config', 'aigate', 'config.toml');
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, config, { mode: 0o600 });
  return { home, file, env: cleanEnv(home, { AIGATE_API_KEY: KEY, ...extra }) };
}

function oneLine(result: Outcome, pattern: RegExp, exitCode?: number) {
  if (exitCode === undefined) expect(result.exitCode, result.stderr).not.toBe(0);
  else expect(result.exitCode, result.stderr).toBe(exitCode);
  expect(result.stderr.trim().split('\n'), result.stderr).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at |unexpected error/);
}

describe('every wait has a deadline', () => {
  let bus: Server;
  let socket: string;
  beforeAll(async () => {
    // A D-Bus peer that accepts the connection and never says a word: a wedged keyring behaves alike.
    socket = join(tempDir('aigate-bus-'), 'bus');
    bus = createNetServer((connection) => connection.on('data', () => {}));
    await new Promise<void>((resolve) => bus.listen(socket, resolve));
  });
  afterAll(() => new Promise<void>((resolve) => bus.close(() => resolve())));

  it('a keychain that never answers: aigate env goes on without it within seconds, one warning, the block printed', async () => {
    const { home, env } = sandbox();
    const { AIGATE_API_KEY: _, ...withoutKey } = env;
    const started = Date.now();
    const result = await aigate(['env', '--shell', 'bash'], { ...withoutKey, DBUS_SESSION_BUS_ADDRESS: `unix:path=${socket}` }, { cwd: home, timeout: 30_000 });
    const seconds = (Date.now() - started) / 1000;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(seconds).toBeLessThan(8);
    expect(result.stdout).toContain("export AIGATE_BASE_URL='https://api.aigate.shop/v1'");
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('no API key for profile "default"')]);
  });

  it('an api_key_command that exits, leaving a background process holding its output, is done when it exits', async () => {
    const { home, env } = sandbox(`[profiles.default]\napi_key_command = "echo ${KEY}; sleep 30 &"\n`);
    const { AIGATE_API_KEY: _, ...withoutKey } = env;
    const started = Date.now();
    const result = await aigate(['key'], withoutKey, { cwd: home, timeout: 30_000 });
    expect(result.stdout.trim()).toBe(KEY);
    expect((Date.now() - started) / 1000).toBeLessThan(5);
    stop('^sleep 30$');
  });
});

describe('a key echoed back by the gateway is masked everywhere but `env` and `key`', () => {
  let gateway: MockGateway;
  beforeAll(async () => {
    gateway = await startMockGateway();
  });
  afterAll(() => gateway.close());
  const env = () => sandbox('', { AIGATE_BASE_URL: `${gateway.root}/v1`, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' });

  it('in a redirect Location: models, test, doctor, doctor --json', async () => {
    gateway.override = (_request, response) => {
      response.writeHead(302, { location: `https://elsewhere.test/login?token=${KEY}&b=${Buffer.from(`u:${KEY}`).toString('base64')}` });
      response.end();
      return true;
    };
    const { home, env: vars } = env();
    for (const args of [['models', '--refresh'], ['test', '--route', 'chat'], ['doctor'], ['doctor', '--json']]) {
      const result = await aigate(args, vars, { cwd: home });
      expect(result.stdout + result.stderr, args.join(' ')).toContain('redirect');
      expect(leaks(result.stdout + result.stderr), args.join(' ')).toEqual([]);
    }
    gateway.override = undefined;
  });

  it('in a model id: models, models --json, and the models.json cache', async () => {
    gateway.override = (request, response) => {
      if (request.path !== '/v1/models') return false;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ object: 'list', data: [{ id: `echo-${KEY}` }, { id: `half-${KEY.slice(5, 17)}` }, { id: 'plain/model' }] }));
      return true;
    };
    const { home, env: vars } = env();
    const listed = await aigate(['models', '--refresh'], vars, { cwd: home });
    expect(listed.stdout).toContain('plain/model');
    expect(leaks(listed.stdout + listed.stderr)).toEqual([]);
    const json = await aigate(['models', '--json'], vars, { cwd: home });
    expect(leaks(json.stdout)).toEqual([]);
    const cache = readFileSync(join(home, '.cache', 'aigate', 'models.json'), 'utf8');
    expect(cache).toContain('plain/model');
    expect(leaks(cache)).toEqual([]);
    gateway.override = undefined;
  });

  it("in a reply, and a 401 body quoting a prefix of the key and its base64", async () => {
    const { home, env: vars } = env();
    gateway.override = (request, response) => {
      if (request.path !== '/v1/chat/completions') return false;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: `your key is ${KEY}` } }] }));
      return true;
    };
    const replied = await aigate(['test', '--route', 'chat'], vars, { cwd: home });
    expect(replied.stdout).toContain('your key is');
    expect(leaks(replied.stdout + replied.stderr)).toEqual([]);
    gateway.override = (_request, response) => {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `invalid key ${KEY.slice(0, 12)}… (${Buffer.from(KEY).toString('base64')})` } }));
      return true;
    };
    const rejected = await aigate(['test', '--route', 'chat'], vars, { cwd: home });
    expect(rejected.stdout).toContain('401');
    expect(leaks(rejected.stdout + rejected.stderr)).toEqual([]);
    gateway.override = undefined;
  });

  it('`aigate key` and the export block still print the key itself', async () => {
    const { home, env: vars } = env();
    expect((await aigate(['key'], vars, { cwd: home })).stdout).toBe(KEY);
    expect((await aigate(['env', '--shell', 'bash'], vars, { cwd: home })).stdout).toContain(`'${KEY}'`);
  });

  it('redaction, a property over generated answers: the key whole, cut, base64 at any offset, URL-encoded, among any text', () => {
    const seed = seedFromEnv();
    const key = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'), minLength: 20, maxLength: 64 });
    const form = fc.constantFrom('whole', 'run', 'base64', 'base64url', 'url');
    fc.assert(
      fc.property(key, form, fc.string(), fc.string(), fc.nat(), fc.nat(), (secret, how, before, after, a, b) => {
        const start = a % (secret.length - 8);
        const run = secret.slice(start, start + 8 + (b % (secret.length - start - 7)));
        const prefix = 'x'.repeat(a % 3);
        const placed = {
          whole: secret,
          run,
          base64: Buffer.from(`${prefix}${secret}`).toString('base64'),
          base64url: Buffer.from(`${prefix}${secret}`).toString('base64url'),
          url: encodeURIComponent(`${prefix}/${secret}`),
        }[how]!;
        const out = redactKey(`${before}${placed}${after}`, secret);
        expect(leaks(out, secret)).toEqual([]);
      }),
      { seed, numRuns: 500 },
    );
  });
});

describe('AIGATE_STATE is data about aigate\'s own variables', () => {
  it('a forged state naming PROMPT_COMMAND, LD_PRELOAD and BASH_ENV exports none of them, with one warning', async () => {
    const { home, env } = sandbox();
    const forged = Buffer.from(JSON.stringify({ PROMPT_COMMAND: ['touch CANARY', null], LD_PRELOAD: ['/tmp/evil.so', null], BASH_ENV: ['/tmp/evil', null] })).toString('base64url');
    for (const args of [['env', '--shell', 'bash'], ['off', '--shell', 'bash']]) {
      const result = await aigate(args, { ...env, AIGATE_STATE: forged }, { cwd: home });
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).not.toMatch(/PROMPT_COMMAND|LD_PRELOAD|BASH_ENV/);
      expect(result.stderr.split('\n').filter((line) => line.includes('AIGATE_STATE names'))).toHaveLength(1);
    }
  });
});

describe('the key is resolved only by commands that use it', () => {
  it('statusline, profile list and setup --dry-run never run api_key_command', async () => {
    const { home, env } = sandbox('[profiles.default]\napi_key_command = "touch RAN; exit 3"\n');
    const { AIGATE_API_KEY: _, ...withoutKey } = env;
    const statusline = await aigate(['statusline'], withoutKey, { cwd: home, input: '{"model":{"id":"m"}}' });
    expect(statusline.stdout).toMatch(/^AIGate default · m · api\.aigate\.shop/);
    const list = await aigate(['profile', 'list'], withoutKey, { cwd: home });
    expect(list.exitCode, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/\* default .* key: api_key_command/);
    // (setup of an agent whose picker lists models uses the key, to ask the gateway for them)
    const dry = await aigate(['setup', 'claude', '--dry-run'], withoutKey, { cwd: home });
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(existsSync(join(home, 'RAN'))).toBe(false);
    // and one that uses it does
    expect((await aigate(['key'], withoutKey, { cwd: home })).exitCode).toBe(1);
    expect(existsSync(join(home, 'RAN'))).toBe(true);
  });
});

describe('output errors, once for every command', () => {
  let gateway: MockGateway;
  beforeAll(async () => {
    gateway = await startMockGateway();
    gateway.override = (request, response) => {
      if (request.path !== '/v1/models') return false;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data: Array.from({ length: 20_000 }, (_, i) => ({ id: `vendor/model-${i}` })) }));
      return true;
    };
  });
  afterAll(() => gateway.close());

  it('a reader that goes away (| head -1): quiet, the status of SIGPIPE', async () => {
    const { home, env } = sandbox('', { AIGATE_BASE_URL: `${gateway.root}/v1` });
    for (const command of [`"${process.execPath}" "${AIGATE}" models --refresh | head -1`, `"${process.execPath}" "${AIGATE}" setup codex --dry-run | head -1`]) {
      const result = await execa('bash', ['-c', `set -o pipefail; ${command}`], { env, extendEnv: false, cwd: home, reject: false });
      expect(result.stdout.split('\n'), command).toHaveLength(1);
      expect(result.stderr, command).toBe('');
      expect([0, 141]).toContain(result.exitCode);
    }
  });

  it.runIf(existsSync('/dev/full'))('a full device (> /dev/full): one line, exit 1', async () => {
    const { home, env } = sandbox('', { AIGATE_BASE_URL: `${gateway.root}/v1`, PATH: '/usr/bin:/bin' });
    for (const args of ['models', 'doctor --json']) {
      const result = await execa('bash', ['-c', `"${process.execPath}" "${AIGATE}" ${args} > /dev/full`], { env, extendEnv: false, cwd: home, reject: false });
      oneLine({ stdout: '', stderr: String(result.stderr), exitCode: result.exitCode }, /^aigate: cannot write the output: no space left on the device \(ENOSPC\)$/, 1);
    }
  });
});

describe('files aigate must not create, and may not write', () => {
  it('GITHUB_ENV naming a path that does not exist: refused, nothing created', async () => {
    const { home, env } = sandbox();
    const missing = join(home, 'no', 'such', 'github_env');
    const result = await aigate(['env', '--shell', 'github'], { ...env, GITHUB_ENV: missing }, { cwd: home });
    oneLine(result, /github_env does not exist; aigate creates neither it nor its folder/);
    expect(existsSync(join(home, 'no'))).toBe(false);
  });

  it('after a SIGKILLed `aigate run claude`, no file holds the key', async () => {
    const { home, env } = sandbox();
    const bin = join(home, 'bin');
    const tmp = join(home, 'tmp');
    mkdirSync(bin);
    mkdirSync(tmp);
    writeFileSync(join(bin, 'claude'), `#!/bin/sh\ntouch "${home}/started"\nsleep 30\n`, { mode: 0o755 });
    const child = spawn(process.execPath, [AIGATE, 'run', 'claude'], { env: { ...env, PATH: `${bin}:${env.PATH}`, TMPDIR: tmp }, stdio: 'ignore' });
    for (let i = 0; i < 100 && !existsSync(join(home, 'started')); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(join(home, 'started'))).toBe(true);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));
    const left = files(tmp);
    expect(left.length).toBeGreaterThan(0); // the settings file is there for claude, which runs on
    for (const file of left) expect(leaks(readFileSync(file, 'utf8')), file).toEqual([]);
    stop(`${bin}/claude`);
  });

  it('setup --dry-run on a fresh home creates nothing', async () => {
    const { home, env } = sandbox();
    for (const agent of ['codex', 'continue', 'opencode', 'kilo', 'claude']) {
      const result = await aigate(['setup', agent, '--dry-run'], env, { cwd: home });
      expect(result.exitCode, `${agent}: ${result.stderr}`).toBe(0);
      expect(result.stdout, agent).toContain('(new file)');
    }
    expect(readdirSync(home).sort()).toEqual(['.config']);
    expect(readdirSync(join(home, '.config')).sort()).toEqual(['aigate']);
  });

  it('a read-only (0444) rc file is refused, not replaced behind the user\'s back', async () => {
    const { home, env } = sandbox();
    const rc = join(home, '.bashrc');
    writeFileSync(rc, '# mine\n');
    chmodSync(rc, 0o444);
    const result = await aigate(['install', '--shell', 'bash'], env, { cwd: home });
    oneLine(result, /\.bashrc is read-only \(mode 444\); aigate changed nothing/);
    expect(readFileSync(rc, 'utf8')).toBe('# mine\n');
    expect(statSync(rc).mode & 0o777).toBe(0o444);
  });

  it('the folder `config set` makes for config.toml is private (0700)', async () => {
    const home = tempDir('aigate-edges-');
    const result = await aigate(['config', 'set', 'profiles.default.model', 'x/y'], cleanEnv(home), { cwd: home });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(statSync(join(home, '.config', 'aigate')).mode & 0o777).toBe(0o700);
  });
});

describe("names are data, never JavaScript's own", () => {
  it.each([
    [['--profile', 'toString', 'env'], /unknown profile "toString"/],
    [['env', '--profile', 'constructor', '--shell', 'bash'], /unknown profile "constructor"/],
    [['config', 'set', 'profile', 'toString'], /profile: names no profile of this file; profiles: default; nothing was written/],
    [['profile', 'remove', 'toString'], /no profile "toString"/],
    [['config', 'set', '__proto__.x', 'yes'], /__proto__: unknown key/],
    [['config', 'set', 'profiles.__proto__.model', 'x'], /"__proto__" cannot be a profile name/],
    [['config', 'set', 'profiles.default.modle', 'x'], /profiles\.default\.modle: unknown key; did you mean model\?/],
  ])('aigate %j is refused in one line', async (args, message) => {
    const { home, file, env } = sandbox('[profiles.default]\nmodel = "a/b"\n');
    const before = readFileSync(file, 'utf8');
    oneLine(await aigate(args, env, { cwd: home }), message);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('a typo in config.toml is refused with the nearest key, and the error lists each profile once', async () => {
    const { home, env } = sandbox('profile = "nope"\n[profiles.default]\nmodle = "x"\n[profiles.work]\n');
    const result = await aigate(['env', '--shell', 'bash'], env, { cwd: home });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/profiles\.default\.modle: unknown key; did you mean model\?/);
    expect(result.stderr).toMatch(/profiles: default, work$/m);
  });
});

describe('doctor', () => {
  let gateway: MockGateway;
  beforeAll(async () => {
    gateway = await startMockGateway();
  });
  afterAll(() => gateway.close());

  it('exits non-zero when the gateway rejects the key or cannot be reached, even with a fresh cache', async () => {
    const { home, env } = sandbox('', { AIGATE_BASE_URL: `${gateway.root}/v1`, PATH: '/usr/bin:/bin' });
    expect((await aigate(['models'], env, { cwd: home })).exitCode).toBe(0); // a fresh cache
    gateway.override = (_request, response) => {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end('{"error":{"message":"invalid key"}}');
      return true;
    };
    const rejected = await aigate(['doctor', '--json'], env, { cwd: home });
    expect(rejected.exitCode).toBe(1);
    expect(JSON.parse(rejected.stdout)).toContainEqual(expect.objectContaining({ status: 'fail', check: 'gateway', detail: expect.stringContaining('401') }));
    gateway.override = undefined;
    const unreachable = await aigate(['doctor', '--json'], { ...env, AIGATE_BASE_URL: 'http://127.0.0.1:1/v1' }, { cwd: home });
    expect(unreachable.exitCode).toBe(1);
    expect(JSON.parse(unreachable.stdout)).toContainEqual(expect.objectContaining({ status: 'fail', check: 'gateway' }));
  });

  it("lists ~/.claude/settings.json once from the home folder, says a missing agent is not installed, and fails a damaged rc block", async () => {
    const { home, env } = sandbox('', { AIGATE_BASE_URL: 'http://127.0.0.1:1/v1', PATH: '/usr/bin:/bin' });
    mkdirSync(join(home, '.claude'));
    writeFileSync(join(home, '.claude', 'settings.json'), '{"env":{"ANTHROPIC_BASE_URL":"https://other.test"}}');
    writeFileSync(join(home, '.bashrc'), '# >>> aigate >>>\nnot the block\n');
    const checks: Array<{ status: string; check: string; detail: string; fix?: string }> = JSON.parse((await aigate(['doctor', '--json'], env, { cwd: home })).stdout);
    expect(checks.filter((c) => c.check === 'claude settings')).toHaveLength(1);
    expect(checks).toContainEqual({ status: 'warn', check: 'claude', detail: 'Claude Code: not installed (not on PATH)', fix: 'npm i -g @anthropic-ai/claude-code' });
    expect(checks).toContainEqual(expect.objectContaining({ status: 'fail', check: 'integration', detail: expect.stringContaining('.bashrc:1: the aigate block is damaged') }));
  });

  it('an intact integration is ok, and not also "not installed in any shell"', async () => {
    const { home, env } = sandbox('', { AIGATE_BASE_URL: 'http://127.0.0.1:1/v1', PATH: '/usr/bin:/bin' });
    expect((await aigate(['install', '--shell', 'bash'], env, { cwd: home })).exitCode).toBe(0);
    const checks: Array<{ status: string; check: string; detail: string }> = JSON.parse((await aigate(['doctor', '--json'], env, { cwd: home })).stdout);
    expect(checks.filter((c) => c.check === 'integration')).toEqual([expect.objectContaining({ status: 'ok', detail: expect.stringContaining('.bashrc') })]);
  });
});

describe('smaller promises', () => {
  it('--timeout takes a number of seconds', async () => {
    const { home, env } = sandbox();
    oneLine(await aigate(['test', '--timeout', 'abc'], env, { cwd: home }), /--timeout takes a number of seconds from 0 to 3600, not "abc"/, 2);
    oneLine(await aigate(['models', '--timeout', '0'], env, { cwd: home }), /--timeout takes a number of seconds/, 2);
  });

  it('setup kilo --print --json holds values to paste, and names the variable for the key', async () => {
    const { home, env } = sandbox();
    const json = JSON.parse((await aigate(['setup', 'kilo', '--print', '--json'], env, { cwd: home })).stdout);
    expect(json).not.toHaveProperty('apiKey');
    expect(json.apiKeyVariable).toBe('AIGATE_API_KEY');
  });

  it('an empty or relative HOME is one line, not files written under the current folder', async () => {
    const work = tempDir('aigate-edges-');
    for (const home of ['relative/home']) {
      const result = await aigate(['config', 'set', 'profiles.default.model', 'x/y'], { PATH: process.env.PATH!, HOME: home }, { cwd: work });
      oneLine(result, /cannot tell your home folder \(HOME is "relative\/home"\): set HOME to an absolute path/);
    }
    // Empty: the account's own home folder from the user database, never the working folder.
    const empty = await aigate(['env', '--explain'], { PATH: process.env.PATH!, HOME: '' }, { cwd: work });
    expect(empty.stdout).not.toContain(`${work}`);
    expect(empty.stdout).toMatch(/^config\s+\//);
    expect(readdirSync(work)).toEqual([]);
  });
});

describe.runIf(has('xonsh'))('xonsh is detected as users install it', () => {
  /** A Python module that makes `import setproctitle` fail, as on a machine without python3-setproctitle. */
  const withoutSetproctitle = () => {
    const dir = tempDir('aigate-nospt-');
    writeFileSync(join(dir, 'setproctitle.py'), 'raise ImportError("not installed")\n');
    return dir;
  };
  it.each([
    ['with python3-setproctitle (Debian\'s Recommends: xonsh renames its process)', false],
    ['without it (installed with --no-install-recommends)', true],
  ])('%s', async (_name, hide) => {
    const { home, env } = sandbox();
    const vars = { ...env, ...(hide && { PYTHONPATH: withoutSetproctitle() }) };
    const probe = `import json, os; print(json.dumps(open(f"/proc/{os.getppid()}/comm").read().strip()))`;
    const comm = execFileSync('xonsh', ['--no-rc', '-c', `python3 -c '${probe}'`], { env: vars, cwd: home, encoding: 'utf8' }).trim();
    // The machine is as the case says: renamed, or not.
    if (hide) expect(comm).not.toMatch(/^"xonsh --/);
    else expect(comm).toMatch(/^"xonsh --/);
    const out = execFileSync('xonsh', ['--no-rc', '-c', `"${process.execPath}" "${AIGATE}" env`], { env: vars, cwd: home, encoding: 'utf8' });
    expect(out).toContain("__xonsh__.env['AIGATE_PROFILE'] = 'default'");
  });
});

describe.runIf(has('tmux'))('Ctrl-C at a prompt', () => {
  it('aigate login: no error, status 130, nothing stored', async () => {
    const { home, env } = sandbox();
    const { AIGATE_API_KEY: _, ...withoutKey } = env;
    const session = `aigate-login-${process.pid}`;
    const done = join(home, 'done');
    const script = join(home, 'login.sh');
    writeFileSync(script, `#!/bin/sh\n"${process.execPath}" "${AIGATE}" login --no-verify 2> "${home}/stderr"\necho $? > "${done}"\nsleep 30\n`, { mode: 0o755 });
    const tmux = (...args: string[]) => execa('tmux', ['-L', session, ...args], { env: { ...withoutKey, TERM: 'xterm' }, extendEnv: false });
    await tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '10', script);
    try {
      for (let i = 0; i < 100 && !(await tmux('capture-pane', '-p', '-t', session)).stdout.includes('(hidden)'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      await tmux('send-keys', '-t', session, 's', 'k', '-', 'C-c');
      for (let i = 0; i < 100 && !existsSync(done); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(readFileSync(done, 'utf8').trim()).toBe('130');
      expect(readFileSync(join(home, 'stderr'), 'utf8')).not.toMatch(/unexpected error|canceled\b.*\n.*at /);
      expect(existsSync(join(home, '.config', 'aigate', 'credentials.json'))).toBe(false);
    } finally {
      await tmux('kill-server').catch(() => {});
    }
  });
});

describe("aigate's own cache is rebuilt, never refused", () => {
  let gateway: MockGateway;
  beforeAll(async () => {
    gateway = await startMockGateway();
  });
  afterAll(() => gateway.close());

  it.each([['not JSON', '{ broken'], ['JSON of another shape', '{"x": {"fetchedAt": "soon", "models": 3}}']])('a models.json cache that is %s: models --refresh and doctor rebuild it', async (_name, content) => {
    const { home, env } = sandbox('', { AIGATE_BASE_URL: `${gateway.root}/v1`, PATH: '/usr/bin:/bin' });
    const cache = join(home, '.cache', 'aigate', 'models.json');
    mkdirSync(join(cache, '..'), { recursive: true });
    writeFileSync(cache, content.replace('"x"', `"${gateway.root}/v1"`));
    const listed = await aigate(['models'], env, { cwd: home });
    expect(listed.exitCode, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('openai/gpt-5.5');
    expect(JSON.parse(readFileSync(cache, 'utf8'))[`${gateway.root}/v1`].models.length).toBeGreaterThan(0);
    writeFileSync(cache, content.replace('"x"', `"${gateway.root}/v1"`));
    const checks: Array<{ check: string; status: string }> = JSON.parse((await aigate(['doctor', '--json'], env, { cwd: home })).stdout);
    expect(checks.filter((c) => c.check === 'models' || c.check === 'gateway').every((c) => c.status !== 'fail')).toBe(true);
  });
});

describe('mistakes get a suggestion (a start on issue 23)', () => {
  it('aigate help [COMMAND], and the nearest command or agent for a typo, exit 2', async () => {
    const { home, env } = sandbox();
    const help = await aigate(['help', 'setup'], env, { cwd: home });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('$ aigate setup [agent]');
    expect((await aigate(['help'], env, { cwd: home })).stdout).toContain('Commands:');
    oneLine(await aigate(['instal'], env, { cwd: home }), /^aigate: unknown command "instal"; did you mean install\?$/, 2);
    oneLine(await aigate(['setup', 'cdex'], env, { cwd: home }), /no setup for "cdex"; did you mean codex\?; choose claude, codex/, 2);
  });
});
