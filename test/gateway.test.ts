import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aigate, cleanEnv, tempDir } from './support/cli.js';
import { MOCK_MODELS, type MockGateway, startMockGateway } from './support/mock-gateway.js';

const KEY = 'sk-gateway-test-0123456789abcdef';
const MASKED = 'sk-…cdef';
let mock: MockGateway;
beforeAll(async () => {
  mock = await startMockGateway();
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.received.length = 0;
  delete mock.override;
});

function setup(base = `${mock.root}/v1`, extra: Record<string, string> = {}) {
  const home = tempDir('aigate-gw-');
  const config = join(home, 'config.toml');
  writeFileSync(config, `[profiles.default]\nbase_url = "${base}"\nmodel = "openai/gpt-5.5"\n[profiles.default.claude]\nmodel = "anthropic/claude-sonnet-4.6"\nsonnet = "anthropic/claude-sonnet-4.6"\nopus = "anthropic/claude-opus-4.7"\nhaiku = "anthropic/claude-haiku-4.5"\n`);
  return { home, env: cleanEnv(home, { AIGATE_CONFIG: config, AIGATE_API_KEY: KEY, PATH: '/usr/bin:/bin', ...extra }) };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const neverShowsKey = (result: { stdout: string; stderr: string }) => expect(result.stdout + result.stderr).not.toContain(KEY);

describe('aigate models', () => {
  it('lists the ids sorted, filters them, and gives the gateway\'s entries as JSON', async () => {
    const { env } = setup();
    const all = await aigate(['models'], env);
    expect(all.stdout.trim().split('\n')).toEqual([...MOCK_MODELS].sort());
    expect(mock.received[0]).toMatchObject({ method: 'GET', path: '/v1/models' });
    expect(mock.received[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    const claude = await aigate(['models', 'CLAUDE', '--json'], env);
    expect(JSON.parse(claude.stdout)).toEqual(MOCK_MODELS.filter((id) => id.includes('claude')).map((id) => expect.objectContaining({ id, object: 'model' })));
  });

  it('answers from its cache while fresh, asks again with --refresh, and falls back to the cache offline', async () => {
    const { env } = setup();
    await aigate(['models'], env);
    await aigate(['models'], env);
    expect(mock.received.filter((r) => r.path === '/v1/models')).toHaveLength(1);
    mock.override = (_request, response) => {
      response.destroy();
      return true;
    };
    const offline = await aigate(['models', '--refresh'], env);
    expect(offline.exitCode).toBe(0);
    expect(offline.stdout.trim().split('\n')).toHaveLength(MOCK_MODELS.length);
    expect(offline.stderr).toMatch(/closed the connection before answering: .*; showing the list from /);
  });
});

describe('aigate test', () => {
  it('says OK on chat/completions, messages and responses, with the profile\'s models and the key', async () => {
    const { env } = setup();
    const result = await aigate(['test'], env);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/^ok {4}\/v1\/\S+ +\S+ +200 +\d+ ms {2}"OK" {2}\([a-z, ]+\)$/);
    // Each route names the agents that use it with this profile.
    expect(lines[0]).toMatch(/\(opencode, kilo, copilot, qwen, cline, continue\)$/);
    expect(lines[1]).toMatch(/\(claude\)$/);
    expect(lines[2]).toMatch(/\(codex\)$/);
    const [chat, messages, responses] = mock.received;
    expect(chat).toMatchObject({ path: '/v1/chat/completions', body: { model: 'openai/gpt-5.5', messages: [{ role: 'user', content: 'Say OK.' }], stream: false } });
    expect(messages).toMatchObject({ path: '/v1/messages', body: { model: 'anthropic/claude-sonnet-4.6' } });
    expect(messages!.headers['anthropic-version']).toBe('2023-06-01');
    expect(responses).toMatchObject({ path: '/v1/responses', body: { model: 'openai/gpt-5.5', input: 'Say OK.' } });
    for (const request of mock.received) expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('follows the profile\'s [routes]: each route names the agents that use it; a route an agent cannot use is one line', async () => {
    const { env } = setup();
    writeFileSync(env.AIGATE_CONFIG!, `${readFileSync(env.AIGATE_CONFIG!, 'utf8')}[profiles.default.routes]\nkilo = "messages"\ncopilot = "responses"\n`);
    const result = await aigate(['test'], env);
    expect(result.exitCode, result.stderr).toBe(0);
    const [chat, messages, responses] = result.stdout.trim().split('\n');
    expect(chat).toMatch(/\(opencode, qwen, cline, continue\)$/);
    expect(messages).toMatch(/\(claude, kilo\)$/);
    expect(responses).toMatch(/\(codex, copilot\)$/);
    writeFileSync(env.AIGATE_CONFIG!, `${readFileSync(env.AIGATE_CONFIG!, 'utf8')}codex = "chat"\n`);
    const refused = await aigate(['run', 'codex', 'exec', 'hi'], env);
    expect(refused.exitCode).toBe(125);
    expect(refused.stderr).toMatch(/^aigate: Codex CLI cannot use the chat route \(.*config\.toml \(profiles\.default\.routes\.codex\)\); it can use responses$/);
    writeFileSync(env.AIGATE_CONFIG!, readFileSync(env.AIGATE_CONFIG!, 'utf8').replace('kilo = "messages"', 'kilo = "fax"'));
    const bad = await aigate(['env'], env);
    expect(bad.stderr).toMatch(/config\.toml:\d+:\d+: .*must be one of "chat", "responses", "messages", not "fax"/);
  });

  it('explains a rejected key without showing it', async () => {
    mock.override = (_request, response) => {
      response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'invalid api key' } }));
      return true;
    };
    const result = await aigate(['test', '--route', 'chat'], setup().env);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`401: the gateway rejected the key ${MASKED} (from environment variable AIGATE_API_KEY) (the gateway said: invalid api key)`);
    neverShowsKey(result);
  });

  it('explains an unknown model, with the closest ids from /v1/models', async () => {
    mock.override = (request, response) => {
      if (request.method !== 'POST') return false;
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `The model '${request.body.model}' does not exist`, code: 'model_not_found' } }));
      return true;
    };
    const result = await aigate(['test', '--route', 'chat', '--model', 'openai/gpt-5.6'], setup().env);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/404: model not found: "openai\/gpt-5\.6"; closest ids: openai\/gpt-5\.5, /);
  });

  it('explains a wrong path: /v1 twice', async () => {
    const result = await aigate(['test', '--route', 'responses'], setup(`${mock.root}/v1/v1`).env);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('404: no such route: /v1/v1/responses');
    expect(result.stdout).toContain('"/v1" is in it twice');
  });

  it('explains a slow gateway past --timeout', async () => {
    mock.override = (_request, response) => {
      setTimeout(() => response.writeHead(200).end('{}'), 3000).unref();
      return true;
    };
    const result = await aigate(['test', '--route', 'chat', '--timeout', '1'], setup().env);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/no answer from 127\.0\.0\.1:\d+ within 1 s/);
  });

  it('explains a body that is not JSON, with its first bytes', async () => {
    mock.override = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>');
      return true;
    };
    const result = await aigate(['test', '--route', 'messages'], setup().env);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('200, but the answer is not JSON (text/html); it begins: "<html>Bad gateway</html>"');
  });

  it('explains a closed connection and a refused one', async () => {
    mock.override = (_request, response) => {
      response.socket?.destroy();
      return true;
    };
    const closed = await aigate(['test', '--route', 'chat'], setup().env);
    expect(closed.stdout).toMatch(/closed the connection before answering/);
    const port = await closedPort();
    const refused = await aigate(['test', '--route', 'chat'], setup(`http://127.0.0.1:${port}/v1`).env);
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toContain(`127.0.0.1:${port} refused the connection`);
  });

  it('explains a host that does not resolve (.invalid never does)', async () => {
    const result = await aigate(['test', '--route', 'chat', '--timeout', '10'], setup('http://aigate-test.invalid/v1').env);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/cannot resolve aigate-test\.invalid: check base_url for a typo, and your DNS or network|no answer from aigate-test\.invalid/);
  });

  it('goes through HTTP_PROXY when it is set', async () => {
    // A proxy as real ones work: undici tunnels through it with CONNECT.
    const proxied: string[] = [];
    const proxy = createServer();
    proxy.on('connect', (req, client, head) => {
      proxied.push(`${req.method} ${req.url}`);
      const [host, port] = req.url!.split(':');
      const upstream = connect(Number(port), host!, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const { env } = setup(`${mock.root}/v1`, { HTTP_PROXY: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` });
      const result = await aigate(['test', '--route', 'chat'], env);
      expect(result.exitCode, result.stdout).toBe(0);
      expect(proxied).toEqual([`CONNECT ${mock.root.replace('http://', '')}`]);
      expect(mock.received.map((r) => r.path)).toEqual(['/v1/chat/completions']);
    } finally {
      proxy.close();
    }
  });
});

describe('aigate doctor', () => {
  it('passes a clean setup', async () => {
    const { env } = setup();
    const result = await aigate(['doctor', '--json'], env);
    const checks = JSON.parse(result.stdout);
    expect(checks.filter((c: { status: string }) => c.status === 'fail')).toEqual([]);
    expect(checks).toContainEqual(expect.objectContaining({ status: 'ok', check: 'key', detail: `${MASKED} from environment variable AIGATE_API_KEY` }));
    expect(checks).toContainEqual(expect.objectContaining({ status: 'ok', check: 'models' }));
    expect(result.exitCode).toBe(0);
  });

  it('knows every agent of the records: on PATH or how to install it, and a Claude Code too old for gateway models', async () => {
    const { home, env } = setup();
    // PATH holds node and one old `claude`, nothing else of the agents.
    const bin = join(home, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'claude'), '#!/bin/sh\necho "2.0.14 (Claude Code)"\n', { mode: 0o755 });
    const result = await aigate(['doctor', '--json'], { ...env, PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin` });
    const checks: Array<{ status: string; check: string; detail: string; fix?: string }> = JSON.parse(result.stdout);
    expect(checks).toContainEqual({ status: 'warn', check: 'claude', detail: 'Claude Code 2.0.14 is older than 2.1.197: no gateway models in /model (CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY)', fix: 'npm i -g @anthropic-ai/claude-code@latest' });
    for (const [command, install] of [['codex', '@openai/codex'], ['opencode', 'opencode-ai'], ['kilo', '@kilocode/cli'], ['copilot', '@github/copilot'], ['qwen', '@qwen-code/qwen-code']]) {
      expect(checks).toContainEqual(expect.objectContaining({ status: 'warn', check: command, detail: expect.stringContaining('not on PATH'), fix: `npm i -g ${install}` }));
    }
    expect(checks.map((c) => c.check)).not.toContain('gemini'); // not an AIGate client: nothing to check
  });

  it('names what would send the other agents elsewhere: a Kilo provider list without aigate, variables pointing at another gateway', async () => {
    const { home, env } = setup();
    const kiloFile = join(home, '.config', 'kilo', 'kilo.jsonc');
    mkdirSync(join(kiloFile, '..'), { recursive: true });
    writeFileSync(kiloFile, '{\n  // mine\n  "enabled_providers": ["anthropic"],\n  "provider": { "aigate": { "npm": "@ai-sdk/openai-compatible" } }\n}\n');
    const result = await aigate(['doctor'], { ...env, XDG_CONFIG_HOME: join(home, '.config'), OPENAI_BASE_URL: 'https://other.test/v1', COPILOT_PROVIDER_BASE_URL: `${mock.root}/v1` });
    expect(result.stdout).toMatch(/fail +kilo config +.*kilo\.jsonc: enabled_providers does not list "aigate", so Kilo Code ignores its provider\n +fix: add "aigate" to enabled_providers/);
    expect(result.stdout).toMatch(/warn +environment +OPENAI_BASE_URL is set to https:\/\/other\.test\/v1: Qwen Code started directly goes there/);
    expect(result.stdout).not.toContain('COPILOT_PROVIDER_BASE_URL is set'); // the profile's own gateway: fine
  });

  it('finds what silently breaks agents, says the fix, and exits non-zero', async () => {
    const { home, env } = setup();
    mkdirSync(join(home, '.claude'));
    writeFileSync(join(home, '.claude', 'settings.json'), JSON.stringify({ env: { ANTHROPIC_BASE_URL: 'https://elsewhere.test', ANTHROPIC_AUTH_TOKEN: 'sk-in-a-file-0123456789' } }));
    mkdirSync(join(home, '.codex'));
    writeFileSync(join(home, '.codex', 'config.toml'), '[model_providers.gw]\nname = "gw"\nbase_url = "https://gw.test"\nwire_api = "chat"\n');
    writeFileSync(env.AIGATE_CONFIG!, `[profiles.default]\nbase_url = "${mock.root}/v1"\nmodel = "openai/gpt-5.6"\n`);
    const result = await aigate(['doctor'], {
      ...env,
      CLAUDE_CODE_USE_BEDROCK: '1',
      ANTHROPIC_BASE_URL: 'https://gw.test/v1',
      ANTHROPIC_API_KEY: 'sk-a',
      ANTHROPIC_AUTH_TOKEN: 'sk-b',
    });
    expect(result.exitCode).toBe(1);
    const out = result.stdout;
    expect(out).toMatch(/fail +claude settings +.*settings\.json: env\.ANTHROPIC_BASE_URL = https:\/\/elsewhere\.test overrides your shell/);
    expect(out).toContain('env.ANTHROPIC_AUTH_TOKEN = sk-…6789 overrides');
    expect(out).not.toContain('sk-in-a-file-0123456789');
    expect(out).toMatch(/fail +environment +CLAUDE_CODE_USE_BEDROCK is set/);
    expect(out).toMatch(/fail +environment +ANTHROPIC_BASE_URL ends in \/v1/);
    expect(out).toMatch(/warn +environment +both ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN are set/);
    expect(out).toMatch(/fail +codex config +.*model_providers\.gw has wire_api = "chat"/);
    expect(out).toMatch(/fail +codex config +.*model_providers\.gw\.base_url \(https:\/\/gw\.test\) does not end in \/v1/);
    expect(out).toMatch(/fail +models +"openai\/gpt-5\.6" \(.*config\.toml \(profiles\.default\.model\)\) is not in the gateway's catalog\n +fix: aigate config set profiles\.default\.model ID \(closest ids: openai\/gpt-5\.5/);
    neverShowsKey(result);
  });
});
