import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copilot } from '../src/agents/copilot.js';
import { kilo } from '../src/agents/kilo.js';
import { AIGATE, cleanEnv, tempDir } from './support/cli.js';
import { E2E_BIN, pinnedAgent } from './support/tools.js';
import { filesHolding } from './support/files.js';
import { type MockGateway, startMockGateway } from './support/mock-gateway.js';

const KEY = 'sk-e2e-secret-0123456789abcdef';

let mock: MockGateway;
beforeAll(async () => {
  mock = await startMockGateway();
});
afterAll(() => mock.close());

/** An isolated HOME with a config pointing at the mock, and the agents first on PATH. */
function sandbox(extra: Record<string, string> = {}) {
  const home = tempDir('aigate-e2e-');
  const tmp = join(home, 'tmp');
  mkdirSync(tmp);
  const config = join(home, 'config.toml');
  writeFileSync(config, `[profiles.default]\nbase_url = "${mock.root}/v1"\nmodel = "openai/gpt-5.5-mini"\n[profiles.default.claude]\nmodel = "anthropic/claude-haiku-4.5"\n`);
  const env = cleanEnv(home, {
    PATH: `${E2E_BIN}:${process.env.PATH}`,
    AIGATE_CONFIG: config,
    AIGATE_API_KEY: KEY,
    TMPDIR: tmp,
    ...extra,
  });
  return { home, tmp, env };
}

/**
 * Runs `aigate run …` in the sandbox with stdin closed (codex exec waits for EOF), while sampling
 * every process's argv from /proc: the key must never appear in one. Returns the argvs seen that
 * mention `marker`, to prove the sampler saw the agent itself.
 */
async function aigateRun(args: string[], env: Record<string, string>, cwd: string, marker: string) {
  const seen = new Set<string>();
  const leaks: string[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
        let argv = '';
        try {
          argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
        } catch {
          continue; // the process ended meanwhile
        }
        if (argv.includes(KEY)) leaks.push(argv);
        if (argv.includes(marker)) seen.add(argv);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  const result = await execa(process.execPath, [AIGATE, 'run', ...args], { env, extendEnv: false, reject: false, cwd, stdin: 'ignore', timeout: 90_000 });
  sampling = false;
  await sampler;
  expect(leaks).toEqual([]);
  expect(seen.size, `no process with ${marker} in its argv was seen`).toBeGreaterThan(0);
  return { ...result, stdout: String(result.stdout), stderr: String(result.stderr), argvs: [...seen] };
}

const filesHoldingKey = (dir: string) => filesHolding(dir, KEY);

/** aigate's private directories left in TMPDIR (the agents' own, such as claude-0, are theirs). */
const aigateLeftovers = (tmp: string) => readdirSync(tmp).filter((name) => name.startsWith('aigate-'));

const modelRequests = () => mock.received.filter((r) => r.method === 'POST');

/** The mock got requests on `path`, each with the key (Bearer or x-api-key), one of them for `model`. */
function expectGatewaySaw(path: string, model: string) {
  const requests = modelRequests().filter((r) => r.path === path);
  expect(requests.length, `${path}: ${JSON.stringify(modelRequests().map((r) => r.path))}`).toBeGreaterThan(0);
  for (const request of requests) expect([request.headers.authorization, request.headers['x-api-key']]).toContainEqual(expect.stringContaining(KEY));
  expect(requests.map((r) => r.body.model)).toContain(model);
}

describe('aigate run with the real agents against a mock AIGate on 127.0.0.1', () => {
  it.runIf(pinnedAgent('claude'))('claude -p reaches /v1/messages with the key as Bearer, despite a settings.json pointing elsewhere', async () => {
    const { home, tmp, env } = sandbox({ CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', CLAUDE_CODE_MAX_RETRIES: '0' });
    mkdirSync(join(home, '.claude'));
    writeFileSync(join(home, '.claude', 'settings.json'), JSON.stringify({ env: { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9', ANTHROPIC_AUTH_TOKEN: 'sk-wrong' } }));
    writeFileSync(join(home, '.claude.json'), JSON.stringify({ hasCompletedOnboarding: true }));
    mock.received.length = 0;
    const result = await aigateRun(['claude', '-p', 'Say OK', '--output-format', 'json'], env, home, '--settings');
    expect(result.exitCode, `${result.stderr}\n${result.stdout}`).toBe(0);
    expect(JSON.parse(result.stdout).result).toBe('OK');
    const request = modelRequests().find((r) => r.path === '/v1/messages');
    expect(request?.url).toMatch(/^\/v1\/messages(\?|$)/);
    expect(request?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request?.body.model).toBe('anthropic/claude-haiku-4.5');
    expect(aigateLeftovers(tmp)).toEqual([]); // the private settings file is gone
    expect(filesHoldingKey(home)).toEqual([]);
  });

  it.runIf(pinnedAgent('codex'))('codex exec reaches /v1/responses with the key as Bearer, leaving ~/.codex untouched', async () => {
    const { home, tmp, env } = sandbox({ CODEX_HOME: '' });
    const codexHome = join(home, '.codex');
    mkdirSync(codexHome);
    const userConfig = '# mine\nmodel = "o3"\n';
    writeFileSync(join(codexHome, 'config.toml'), userConfig);
    env.CODEX_HOME = codexHome;
    mock.received.length = 0;
    const result = await aigateRun(
      ['codex', '-c', 'analytics.enabled=false', '-c', 'features.plugins=false', '-c', 'features.unbounded_connection_retries=false',
        '-c', 'model_providers.aigate.request_max_retries=0', '-c', 'model_providers.aigate.stream_max_retries=0',
        'exec', '--skip-git-repo-check', 'Say OK'],
      env,
      home,
      'model_providers.aigate=',
    );
    expect(result.exitCode, `${result.stderr}\n${result.stdout}`).toBe(0);
    expect(result.stdout).toContain('OK');
    const request = modelRequests().find((r) => r.path === '/v1/responses');
    expect(request?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request?.body.model).toBe('openai/gpt-5.5-mini');
    expect(readFileSync(join(codexHome, 'config.toml'), 'utf8')).toBe(userConfig);
    expect(aigateLeftovers(tmp)).toEqual([]);
    expect(filesHoldingKey(home)).toEqual([]);
  });

  it.runIf(pinnedAgent('claude'))('claude, with gateway model discovery on, fetches /v1/models from the gateway and caches the list for /model', async () => {
    // No DISABLE_NONESSENTIAL_TRAFFIC (it turns discovery off): lookups beyond 127.0.0.1 go to a dead proxy.
    const { home, env } = sandbox({ CLAUDE_CODE_MAX_RETRIES: '0', HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1,localhost' });
    writeFileSync(join(home, '.claude.json'), JSON.stringify({ hasCompletedOnboarding: true }));
    mock.received.length = 0;
    const result = await aigateRun(['claude', '-p', 'Say OK', '--output-format', 'json'], env, home, '--settings');
    expect(result.exitCode, `${result.stderr}\n${result.stdout}`).toBe(0);
    const listing = mock.received.find((r) => r.method === 'GET' && r.path === '/v1/models');
    expect(listing?.headers.authorization).toBe(`Bearer ${KEY}`);
    const cache = JSON.parse(readFileSync(join(home, '.claude', 'cache', 'gateway-models.json'), 'utf8'));
    expect(cache.models.map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining(['anthropic/claude-haiku-4.5']));
    expect(filesHoldingKey(home)).toEqual([]);
  });

  it.runIf(pinnedAgent('kilo'))('kilo run reaches /v1/chat/completions with the key, its config only in KILO_CONFIG_CONTENT', async () => {
    const { home, env } = sandbox({ ...kilo.quiet });
    const userConfig = join(home, '.config', 'kilo', 'kilo.jsonc');
    mkdirSync(join(userConfig, '..'), { recursive: true });
    // As Kilo Code leaves it after its own first run: it adds $schema and permission to a global file
    // that lacks them, with or without aigate.
    const mine = '{\n  "$schema": "https://app.kilo.ai/config.json",\n  // mine\n  "model": "other/model",\n  "permission": { "bash": "allow" }\n}\n';
    writeFileSync(userConfig, mine);
    mock.received.length = 0;
    const result = await aigateRun(['kilo', 'run', 'Say OK'], env, home, 'kilo');
    expect(result.exitCode, `${result.stderr}\n${result.stdout}`).toBe(0);
    expect(result.stdout).toContain('OK');
    expectGatewaySaw('/v1/chat/completions', 'openai/gpt-5.5-mini');
    expect(readFileSync(userConfig, 'utf8')).toBe(mine);
    expect(filesHoldingKey(home)).toEqual([]);
  });

  it.runIf(pinnedAgent('copilot'))('copilot -p reaches /v1/chat/completions with the key, by its COPILOT_PROVIDER_* variables', async () => {
    const { home, env } = sandbox({ ...copilot.quiet });
    mock.received.length = 0;
    const result = await aigateRun(['copilot', '-p', 'Say OK', '-s', '--allow-all-tools'], env, home, 'copilot');
    expect(result.exitCode, `${result.stderr}\n${result.stdout}`).toBe(0);
    expect(result.stdout).toContain('OK');
    expectGatewaySaw('/v1/chat/completions', 'openai/gpt-5.5-mini');
    expect(filesHoldingKey(home)).toEqual([]);
  });

  it.runIf(pinnedAgent('qwen'))('qwen -p reaches /v1/chat/completions with the key, through --auth-type openai', async () => {
    const { home, env } = sandbox();
    mock.received.length = 0;
    const result = await aigateRun(['qwen', '-p', 'Say OK'], env, home, 'qwen');
    expect(result.exitCode, `${result.stderr}\n${result.stdout}`).toBe(0);
    expect(result.stdout).toContain('OK');
    expectGatewaySaw('/v1/chat/completions', 'openai/gpt-5.5-mini');
    expect(filesHoldingKey(home)).toEqual([]);
  });

  it.runIf(pinnedAgent('cline'))('cline reaches /v1/chat/completions with the key, through a private provider-settings file', async () => {
    const { home, tmp, env } = sandbox();
    mock.received.length = 0;
    const result = await aigateRun(['cline', '--retries', '1', 'Say OK'], env, home, 'cline');
    expect(result.exitCode, `${result.stderr}\n${result.stdout}`).toBe(0);
    expectGatewaySaw('/v1/chat/completions', 'openai/gpt-5.5-mini');
    expect(aigateLeftovers(tmp)).toEqual([]); // the private settings file is gone
    expect(filesHoldingKey(home)).toEqual([]);
  });

  it.runIf(pinnedAgent('cn'))('cn -p reaches /v1/chat/completions with the key, through a private config', async () => {
    const { home, tmp, env } = sandbox();
    mock.received.length = 0;
    const result = await aigateRun(['cn', '-p', 'Say OK'], env, home, 'continue-config.yaml');
    expect(result.exitCode, `${result.stderr}\n${result.stdout}`).toBe(0);
    expect(result.stdout).toContain('OK');
    expectGatewaySaw('/v1/chat/completions', 'openai/gpt-5.5-mini');
    expect(aigateLeftovers(tmp)).toEqual([]);
    expect(filesHoldingKey(home)).toEqual([]);
  });

  // Every other route each agent supports, chosen by the profile's [routes]: the mock sees the route, the key and the model.
  const OTHER_ROUTES: Array<[string, 'responses' | 'messages', string[], Record<string, string>]> = [
    ['opencode', 'responses', ['run', 'Say OK'], { OPENCODE_DISABLE_MODELS_FETCH: '1' }],
    ['opencode', 'messages', ['run', 'Say OK'], { OPENCODE_DISABLE_MODELS_FETCH: '1' }],
    ['kilo', 'responses', ['run', 'Say OK'], kilo.quiet!],
    ['kilo', 'messages', ['run', 'Say OK'], kilo.quiet!],
    ['copilot', 'responses', ['-p', 'Say OK', '-s', '--allow-all-tools'], copilot.quiet!],
    ['copilot', 'messages', ['-p', 'Say OK', '-s', '--allow-all-tools'], copilot.quiet!],
    ['qwen', 'responses', ['-p', 'Say OK'], {}],
    ['qwen', 'messages', ['-p', 'Say OK'], {}],
    ['cline', 'responses', ['--retries', '1', 'Say OK'], {}],
    ['cline', 'messages', ['--retries', '1', 'Say OK'], {}],
    ['cn', 'messages', ['-p', 'Say OK'], {}],
  ];
  it.each(OTHER_ROUTES)('%s on the %s route, chosen by [routes]', async (command, route, args, quiet) => {
    if (!pinnedAgent(command)) return;
    const { home, env } = sandbox(quiet);
    const name = command === 'cn' ? 'continue' : command;
    writeFileSync(env.AIGATE_CONFIG!, `${readFileSync(env.AIGATE_CONFIG!, 'utf8')}[profiles.default.routes]\n${name} = "${route}"\n`);
    mock.received.length = 0;
    const result = await aigateRun([command, ...args], env, home, command === 'cn' ? 'continue-config.yaml' : command);
    expect(result.exitCode, `${result.stderr}\n${result.stdout}`).toBe(0);
    expectGatewaySaw(`/v1/${route}`, route === 'messages' ? 'anthropic/claude-haiku-4.5' : 'openai/gpt-5.5-mini');
    expect(filesHoldingKey(home)).toEqual([]);
  });

  it('refuses gemini in one line, saying why, and runs nothing', async () => {
    const { home, env } = sandbox();
    const result = await execa(process.execPath, [AIGATE, 'run', 'gemini', '-p', 'hi'], { env, extendEnv: false, reject: false, cwd: home });
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toBe("aigate: Gemini CLI speaks only Google's Gemini API, which AIGate does not serve (it serves OpenAI's and Anthropic's); use claude, codex, opencode, kilo, copilot, qwen, cline or cn");
  });

  it.runIf(pinnedAgent('opencode'))('opencode run reaches /v1/chat/completions with the key as Bearer', async () => {
    const { home, env } = sandbox({ OPENCODE_DISABLE_MODELS_FETCH: '1' });
    mock.received.length = 0;
    const result = await aigateRun(['opencode', 'run', 'Say OK'], env, home, 'opencode');
    expect(result.exitCode, `${result.stderr}\n${result.stdout}`).toBe(0);
    expect(result.stdout).toContain('OK');
    expectGatewaySaw('/v1/chat/completions', 'openai/gpt-5.5-mini');
    expect(filesHoldingKey(home)).toEqual([]);
  });
});

describe('the real agents read what `aigate setup` wrote, with no aigate run in between', () => {
  /** Runs an agent directly (no aigate), with stdin closed. */
  const agent = (command: string, args: string[], env: Record<string, string>, cwd: string) =>
    execa(join(E2E_BIN, command), args, { env, extendEnv: false, reject: false, cwd, stdin: 'ignore', timeout: 90_000 });
  const setup = async (args: string[], env: Record<string, string>, cwd: string) => {
    const result = await execa(process.execPath, [AIGATE, 'setup', ...args], { env, extendEnv: false, reject: false, cwd });
    expect(result.exitCode, String(result.stderr)).toBe(0);
  };

  it.runIf(pinnedAgent('codex'))('codex exec, with only the written config.toml and AIGATE_API_KEY', async () => {
    const { home, env } = sandbox();
    env.CODEX_HOME = join(home, '.codex');
    await setup(['codex'], env, home);
    mock.received.length = 0;
    const result = await agent('codex', ['-c', 'analytics.enabled=false', '-c', 'features.plugins=false', '-c', 'features.unbounded_connection_retries=false',
      '-c', 'model_providers.aigate.request_max_retries=0', '-c', 'model_providers.aigate.stream_max_retries=0', 'exec', '--skip-git-repo-check', 'Say OK'], env, home);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const request = modelRequests().find((r) => r.path === '/v1/responses');
    expect(request?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request?.body.model).toBe('openai/gpt-5.5-mini');
    expect(filesHoldingKey(home)).toEqual([]);
  });

  it.runIf(pinnedAgent('opencode'))('opencode run, in a folder with only the written opencode.json', async () => {
    const { home, env } = sandbox({ OPENCODE_DISABLE_MODELS_FETCH: '1' });
    const project = join(home, 'project');
    mkdirSync(project);
    await setup(['opencode'], env, project);
    mock.received.length = 0;
    const result = await agent('opencode', ['run', 'Say OK'], env, project);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const requests = modelRequests().filter((r) => r.path === '/v1/chat/completions');
    expect(requests.map((r) => r.body.model)).toContain('openai/gpt-5.5-mini');
    for (const request of requests) expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(filesHoldingKey(home)).toEqual([]);
  });

  it.runIf(pinnedAgent('kilo'))('kilo run, with only the written kilo.jsonc and AIGATE_API_KEY', async () => {
    const { home, env } = sandbox({ ...kilo.quiet });
    await setup(['kilo'], env, home);
    mock.received.length = 0;
    const result = await agent('kilo', ['run', '-m', 'aigate/openai/gpt-5.5-mini', 'Say OK'], env, home);
    expect(result.exitCode, `${result.stderr}\n${result.stdout}`).toBe(0);
    const requests = modelRequests().filter((r) => r.path === '/v1/chat/completions');
    expect(requests.map((r) => r.body.model)).toContain('openai/gpt-5.5-mini');
    for (const request of requests) expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(filesHoldingKey(home)).toEqual([]);
  });

  it.runIf(pinnedAgent('cn'))('cn -p, with only the written ~/.continue/config.yaml and AIGATE_API_KEY', async () => {
    const { home, env } = sandbox();
    await setup(['continue'], env, home);
    mock.received.length = 0;
    const result = await agent('cn', ['--config', join(home, '.continue', 'config.yaml'), '-p', 'Say OK'], env, home);
    expect(result.exitCode, `${result.stderr}\n${result.stdout}`).toBe(0);
    expect(String(result.stdout)).toContain('OK');
    expectGatewaySaw('/v1/chat/completions', 'openai/gpt-5.5-mini');
    expect(filesHoldingKey(home)).toEqual([]);
  });

  it.runIf(pinnedAgent('claude'))('claude -p, with only the written settings.json: its apiKeyHelper runs aigate key', async () => {
    // The key is in no variable Claude Code reads: only in the .env beside config.toml, for `aigate key`.
    const { home, env } = sandbox({ CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', CLAUDE_CODE_MAX_RETRIES: '0' });
    writeFileSync(join(home, '.env'), `AIGATE_API_KEY=${KEY}\n`);
    delete env.AIGATE_API_KEY;
    writeFileSync(join(home, '.claude.json'), JSON.stringify({ hasCompletedOnboarding: true }));
    await setup(['claude'], env, home);
    mock.received.length = 0;
    const result = await agent('claude', ['-p', 'Say OK', '--output-format', 'json'], env, home);
    expect(result.exitCode, `${result.stderr}\n${result.stdout}`).toBe(0);
    const request = modelRequests().find((r) => r.path === '/v1/messages');
    expect([request?.headers['x-api-key'], request?.headers.authorization]).toContainEqual(expect.stringContaining(KEY));
    expect(request?.body.model).toBe('anthropic/claude-haiku-4.5');
  });
});
