import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aigate, cleanEnv, tempDir } from './support/cli.js';
import { type MockGateway, startMockGateway } from './support/mock-gateway.js';

const KEY = 'sk-masking-audit-0123456789abcdef';
let mock: MockGateway;
beforeAll(async () => {
  mock = await startMockGateway();
});
afterAll(() => mock.close());

/**
 * Every command, with its help, its errors and its --json forms, run with a known key. The key may
 * appear only where the user asked for it: the export blocks of `aigate env`, and `aigate key`.
 */
describe('the masking audit', () => {
  const home = () => {
    const dir = tempDir('aigate-mask-');
    mkdirSync(join(dir, '.config', 'aigate'), { recursive: true });
    writeFileSync(join(dir, '.config', 'aigate', 'config.toml'), `[profiles.default]\nbase_url = "${mock.root}/v1"\n[profiles.bad]\nbase_url = "http://127.0.0.1:1/v1"\n`, { mode: 0o600 });
    mkdirSync(join(dir, 'project'));
    return { dir, env: cleanEnv(dir, { AIGATE_API_KEY: KEY, PATH: '/usr/bin:/bin' }) };
  };
  const commands = [
    '--help', '--version', 'env --help', 'env --explain', 'env --explain --profile bad', 'off --shell bash', 'init bash', 'init fish', 'completion bash',
    'install --shell bash', 'uninstall --shell bash', 'use work', 'reload', 'trust', 'untrust', 'models', 'models --json', 'models --help',
    'test', 'test --route chat --model nope', 'test --profile bad', 'doctor', 'doctor --json', 'setup codex --dry-run', 'setup claude --dry-run',
    'setup opencode', 'setup opencode --remove', 'setup kilo', 'setup kilo --json', 'login --help', 'logout', 'profile list', 'profile add x --from default',
    'profile remove x', 'config get profiles.default.base_url', 'config set profiles.default.model m', 'run true', 'run --help', 'run no-such-command',
    'env --bogus', 'frobnicate', 'setup nothing', 'key --help',
  ];
  it.each(commands)('aigate %s', async (line) => {
    const { dir, env } = home();
    const result = await aigate(line.split(' '), env, { cwd: join(dir, 'project') });
    expect(result.stdout + result.stderr).not.toContain(KEY);
    if (/^(env --explain|doctor)/.test(line)) expect(result.stdout).toContain('sk-…cdef');
  });

  it('aigate login says where the key went, masked', async () => {
    const { env } = home();
    const result = await aigate(['login'], env, { input: `${KEY}\n` });
    expect(result.stdout).toContain('sk-…cdef');
    expect(result.stdout + result.stderr).not.toContain(KEY);
  });

  it('aigate test and models with a rejected key show it masked', async () => {
    mock.override = (_request, response) => {
      response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `bad key ${KEY}` } }));
      return true;
    };
    try {
      for (const args of [['test'], ['models', '--refresh']]) {
        const { env } = home();
        const result = await aigate(args, env);
        expect(result.exitCode).not.toBe(0);
        expect(result.stdout + result.stderr).toContain('sk-…cdef');
        expect(result.stdout + result.stderr).not.toContain(KEY);
      }
    } finally {
      delete mock.override;
    }
  });

  it('prints the key where the user asked for it: the export block and aigate key', async () => {
    const { env } = home();
    expect((await aigate(['env', '--shell', 'bash'], env)).stdout).toContain(`export AIGATE_API_KEY='${KEY}'`);
    expect((await aigate(['key'], env)).stdout).toBe(KEY);
  });
});
