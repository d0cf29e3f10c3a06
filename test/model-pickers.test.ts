// Every agent's model picker shows exactly the gateway's models, and Claude Code as the pinned
// binary is: every provider switch cleared, tiers named, a non-Claude model offered (issue 20).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kilo } from '../src/agents/kilo.js';
import { CLAUDE_PROVIDER_SWITCHES } from '../src/profile/claude-tiers.js';
import { AIGATE, aigate, cleanEnv, tempDir } from './support/cli.js';
import { E2E_BIN, pinnedAgent } from './support/tools.js';
import { type MockGateway, startMockGateway } from './support/mock-gateway.js';

const CLAUDE_BINARY = fileURLToPath(new URL('./e2e/node_modules/@anthropic-ai/claude-code-linux-x64/claude', import.meta.url));
const KEY = 'sk-pickers-0123456789abcdef';
/** A gateway unlike the built-in defaults: no haiku or opus, two models the defaults never name. */
const GATEWAY = ['anthropic/claude-sonnet-4.6', 'openai/gpt-5.5', 'deepseek/deepseek-v4', 'acc-only-model-7'];
const SORTED = [...GATEWAY].sort((a, b) => a.localeCompare(b));

let mock: MockGateway;
beforeAll(async () => {
  mock = await startMockGateway();
  mock.override = (request, response) => {
    if (request.path !== '/v1/models') return false;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ object: 'list', data: GATEWAY.map((id) => ({ id, object: 'model' })) }));
    return true;
  };
});
afterAll(() => mock.close());

function sandbox(profile = '', extra: Record<string, string> = {}) {
  const home = tempDir('aigate-pickers-');
  const config = join(home, 'config.toml');
  writeFileSync(config, `[profiles.default]\nbase_url = "${mock.root}/v1"\n${profile}`);
  const env = cleanEnv(home, { PATH: `${E2E_BIN}:${process.env.PATH}`, AIGATE_CONFIG: config, AIGATE_API_KEY: KEY, ...extra });
  return { home, env };
}

const run = async (args: string[], env: Record<string, string>, cwd: string, command = process.execPath, prefix = [AIGATE]) => {
  const result = await execa(command, [...prefix, ...args], { env, extendEnv: false, reject: false, cwd, stdin: 'ignore', timeout: 90_000 });
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
};
const listed = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('aigate/')).map((line) => line.slice('aigate/'.length).trim());

describe("the agents' pickers list exactly the gateway's models", () => {
  it.runIf(pinnedAgent('opencode'))('opencode models aigate: through aigate run, and alone after setup --global', async () => {
    const { home, env } = sandbox('', { OPENCODE_DISABLE_MODELS_FETCH: '1' });
    const through = await run(['run', 'opencode', 'models', 'aigate'], env, home);
    expect(through.exitCode, through.stderr).toBe(0);
    expect(listed(through.stdout)).toEqual(SORTED);
    expect((await aigate(['setup', 'opencode', '--global'], env, { cwd: home })).exitCode).toBe(0);
    const alone = await run(['models', 'aigate'], env, home, join(E2E_BIN, 'opencode'), []);
    expect(listed(alone.stdout)).toEqual(SORTED);
  });

  it.runIf(pinnedAgent('kilo'))('kilo models aigate: through aigate run, and alone after setup (global, and --project)', async () => {
    const { home, env } = sandbox('', { ...kilo.quiet });
    const through = await run(['run', 'kilo', 'models', 'aigate'], env, home);
    expect(through.exitCode, through.stderr).toBe(0);
    expect(listed(through.stdout)).toEqual(SORTED);
    const project = join(home, 'project');
    mkdirSync(project);
    expect((await aigate(['setup', 'kilo', '--project'], env, { cwd: project })).exitCode).toBe(0);
    const inProject = await run(['models', 'aigate'], env, project, join(E2E_BIN, 'kilo'), []);
    expect(listed(inProject.stdout), inProject.stderr).toEqual(SORTED);
    // Kilo itself reads it as valid: no environment reference in a project file.
    expect(readFileSync(join(project, 'kilo.json'), 'utf8')).not.toContain('{env:');
    expect((await aigate(['setup', 'kilo'], env, { cwd: home })).exitCode).toBe(0);
    const global = await run(['models', 'aigate'], env, home, join(E2E_BIN, 'kilo'), []);
    expect(listed(global.stdout)).toEqual(SORTED);
  });

  it.runIf(pinnedAgent('codex'))("codex debug models through aigate run: the gateway's ids, not OpenAI's catalog", async () => {
    const { home, env } = sandbox('', { CODEX_HOME: '' });
    env.CODEX_HOME = join(home, '.codex');
    mkdirSync(env.CODEX_HOME);
    const result = await run(['run', 'codex', 'debug', 'models'], env, home);
    expect(result.exitCode, result.stderr).toBe(0);
    const catalog = JSON.parse(result.stdout) as { models: Array<{ slug: string; base_instructions?: string }> };
    expect(catalog.models.map((m) => m.slug)).toEqual(SORTED);
    // Entries keep Codex's own instructions: an empty prompt would leave the agent without them.
    expect(catalog.models.every((m) => (m.base_instructions ?? '').length > 100)).toBe(true);
  });

  it.runIf(pinnedAgent('codex'))('codex debug models alone after setup codex: its catalog file, which --remove takes away', async () => {
    const { home, env } = sandbox('', { CODEX_HOME: '' });
    env.CODEX_HOME = join(home, '.codex');
    const setup = await aigate(['setup', 'codex'], env, { cwd: home });
    expect(setup.exitCode, setup.stderr).toBe(0);
    const alone = await run(['debug', 'models'], { ...env, AIGATE_API_KEY: KEY }, home, join(E2E_BIN, 'codex'), []);
    expect((JSON.parse(alone.stdout) as { models: Array<{ slug: string }> }).models.map((m) => m.slug)).toEqual(SORTED);
    expect(readFileSync(join(env.CODEX_HOME, 'aigate-models.json'), 'utf8')).not.toContain(KEY);
    expect((await aigate(['setup', 'codex', '--remove'], env, { cwd: home })).exitCode).toBe(0);
    expect(existsSync(join(env.CODEX_HOME, 'aigate-models.json'))).toBe(false);
  });

  // Issue 22: after setup, the user's own edit, a changed base URL, setup again, the agents still read their files.
  it.runIf(pinnedAgent('opencode') && pinnedAgent('kilo') && pinnedAgent('codex') && pinnedAgent('cn'))(
    'the real opencode, kilo, codex and cn read their files after setup, a user edit, a base URL change and setup again',
    async () => {
      const { home, env } = sandbox('', { ...kilo.quiet, OPENCODE_DISABLE_MODELS_FETCH: '1' });
      env.CODEX_HOME = join(home, '.codex');
      const files = {
        opencode: join(home, '.config', 'opencode', 'opencode.json'),
        kilo: join(home, '.config', 'kilo', 'kilo.jsonc'),
        codex: join(env.CODEX_HOME, 'config.toml'),
        continue: join(home, '.continue', 'config.yaml'),
      };
      const setupAll = async () => {
        for (const agent of Object.keys(files)) {
          const setup = await aigate(['setup', agent, ...(agent === 'opencode' ? ['--global'] : [])], env, { cwd: home });
          expect(setup.exitCode, `${agent}: ${setup.stderr}`).toBe(0);
        }
      };
      mkdirSync(join(home, '.continue'), { recursive: true });
      writeFileSync(files.continue, 'name: Local Assistant\nversion: 1.0.0\nschema: v1\nmodels: []\ncontext: []\n');
      await setupAll();
      for (const file of Object.values(files)) writeFileSync(file, `${readFileSync(file, 'utf8')}${file.endsWith('.toml') || file.endsWith('.yaml') ? '# my note\n' : '// my note\n'}`);
      writeFileSync(env.AIGATE_CONFIG!, `[profiles.default]\nbase_url = "${mock.root.replace('127.0.0.1', 'localhost')}/v1"\n`);
      await setupAll();
      for (const file of Object.values(files)) expect(readFileSync(file, 'utf8'), file).toContain('localhost');

      for (const command of ['opencode', 'kilo']) {
        const alone = await run(['models', 'aigate'], env, home, join(E2E_BIN, command), []);
        expect(listed(alone.stdout), `${command}: ${alone.stderr}`).toEqual(SORTED);
      }
      const codex = await run(['debug', 'models'], env, home, join(E2E_BIN, 'codex'), []);
      expect((JSON.parse(codex.stdout) as { models: Array<{ slug: string }> }).models.map((m) => m.slug)).toEqual(SORTED);
      mock.received.length = 0;
      const cn = await run(['--config', files.continue, '-p', 'Say OK'], env, home, join(E2E_BIN, 'cn'), []);
      expect(cn.exitCode, `${cn.stderr}\n${cn.stdout}`).toBe(0);
      expect(mock.received.some((request) => request.path === '/v1/chat/completions')).toBe(true);
    },
  );

  it('setup continue: an entry per gateway model (each an item of cn\'s /model), the profile\'s model first', async () => {
    const { home, env } = sandbox('model = "openai/gpt-5.5"\n');
    expect((await aigate(['setup', 'continue'], env, { cwd: home })).exitCode).toBe(0);
    const { parse } = await import('yaml');
    const config = parse(readFileSync(join(home, '.continue', 'config.yaml'), 'utf8')) as { models: Array<{ name: string; model: string; apiKey: string }> };
    expect(config.models.map((m) => m.model)).toEqual(['openai/gpt-5.5', ...SORTED.filter((id) => id !== 'openai/gpt-5.5')]);
    expect(config.models.every((m) => m.apiKey === '${{ secrets.AIGATE_API_KEY }}')).toBe(true);
  });

  it.runIf(pinnedAgent('opencode'))("a profile's models narrow the list; an unreachable gateway gives the profile's models and one line", async () => {
    const { home, env } = sandbox('models = ["deepseek/*", "acc-only-model-7"]\n', { OPENCODE_DISABLE_MODELS_FETCH: '1' });
    const narrowed = await run(['run', 'opencode', 'models', 'aigate'], env, home);
    expect(listed(narrowed.stdout)).toEqual(['acc-only-model-7', 'deepseek/deepseek-v4']);
    const { home: away, env: awayEnv } = sandbox('', { OPENCODE_DISABLE_MODELS_FETCH: '1' });
    writeFileSync(awayEnv.AIGATE_CONFIG!, '[profiles.default]\nbase_url = "http://127.0.0.1:1/v1"\n');
    const started = Date.now();
    const offline = await run(['run', 'opencode', 'models', 'aigate'], awayEnv, away);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(offline.stderr.split('\n').filter((line) => line.includes("could not fetch the gateway's model list"))).toHaveLength(1);
    expect(listed(offline.stdout)).toEqual(['anthropic/claude-haiku-4.5', 'anthropic/claude-opus-4.7', 'anthropic/claude-sonnet-4.6', 'openai/gpt-5.5']);
  });
});

describe('Claude Code as the pinned binary is', () => {
  it.runIf(pinnedAgent('claude'))("aigate clears every provider switch the binary knows (read from the binary's own list)", () => {
    const strings = readFileSync(CLAUDE_BINARY).toString('latin1');
    // The binary's array of provider variables, the longest of its spellings.
    const arrays = [...strings.matchAll(/\["CLAUDE_CODE_USE_BEDROCK"(?:,"CLAUDE_CODE_USE_[A-Z0-9_]+")*/g)].map((m) => m[0]);
    const longest = arrays.sort((a, b) => b.length - a.length)[0]!;
    const fromBinary = [...longest.matchAll(/CLAUDE_CODE_USE_[A-Z0-9_]+/g)].map((m) => m[0]);
    expect(fromBinary.length).toBeGreaterThanOrEqual(6);
    expect([...fromBinary].sort()).toEqual([...CLAUDE_PROVIDER_SWITCHES].sort());
  });

  it('every switch set to 1 is gone after eval "$(aigate env)" and inside aigate run claude', async () => {
    const { home, env } = sandbox();
    const switches = Object.fromEntries(CLAUDE_PROVIDER_SWITCHES.map((name) => [name, '1']));
    const evaluated = execFileSync('bash', ['-c', `eval "$("${process.execPath}" "${AIGATE}" env --shell bash)"; env`], { env: { ...env, ...switches }, encoding: 'utf8' });
    for (const name of CLAUDE_PROVIDER_SWITCHES) expect(evaluated).not.toMatch(new RegExp(`^${name}=`, 'm'));
    // A stand-in claude that reports its environment and the settings it was given.
    const bin = join(home, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'claude'), `#!/bin/sh\nenv > "${home}/env.txt"\ncat "$2" > "${home}/settings.json"\n`, { mode: 0o755 });
    const result = await run(['run', 'claude'], { ...env, ...switches, PATH: `${bin}:${env.PATH}` }, home);
    expect(result.exitCode, result.stderr).toBe(0);
    const inside = readFileSync(join(home, 'env.txt'), 'utf8');
    for (const name of CLAUDE_PROVIDER_SWITCHES) expect(inside).not.toMatch(new RegExp(`^${name}=`, 'm'));
    // And in the settings that outrank a user's settings.json: each switch off.
    const settings = JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8'));
    for (const name of CLAUDE_PROVIDER_SWITCHES) expect(settings.env[name]).toBe('0');
  });

  it("names the tiers by their gateway models, and offers the profile's non-Claude model in /model", async () => {
    const { home, env } = sandbox('[profiles.default.claude]\nopus = "anthropic/claude-sonnet-4.6"\n');
    const vars = JSON.parse((await aigate(['env', '--shell', 'json'], env, { cwd: home })).stdout).set;
    expect(vars).toMatchObject({
      ANTHROPIC_DEFAULT_OPUS_MODEL: 'anthropic/claude-sonnet-4.6',
      ANTHROPIC_DEFAULT_OPUS_MODEL_NAME: 'anthropic/claude-sonnet-4.6',
      ANTHROPIC_DEFAULT_OPUS_MODEL_DESCRIPTION: 'anthropic/claude-sonnet-4.6 on AIGate',
      ANTHROPIC_CUSTOM_MODEL_OPTION: 'openai/gpt-5.5',
      ANTHROPIC_CUSTOM_MODEL_OPTION_NAME: 'openai/gpt-5.5',
    });
    const off = sandbox('[profiles.default.claude]\ncustom_model = false\n');
    const none = JSON.parse((await aigate(['env', '--shell', 'json'], off.env, { cwd: off.home })).stdout).set;
    expect(none).not.toHaveProperty('ANTHROPIC_CUSTOM_MODEL_OPTION');
  });

  it.runIf(pinnedAgent('claude'))('the real claude lists the custom option and the named tiers in /model (its SDK initialize answer)', async () => {
    const { home, env } = sandbox('[profiles.default.claude]\nmodel_discovery = false\n', { CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', CLAUDE_CODE_MAX_RETRIES: '0' });
    writeFileSync(join(home, '.claude.json'), JSON.stringify({ hasCompletedOnboarding: true }));
    const request = `${JSON.stringify({ type: 'control_request', request_id: 'init-1', request: { subtype: 'initialize' } })}\n`;
    const result = await execa(process.execPath, [AIGATE, 'run', 'claude', '-p', '--input-format', 'stream-json', '--output-format', 'stream-json', '--verbose'], {
      env, extendEnv: false, reject: false, cwd: home, input: request, timeout: 60_000,
    });
    const answer = String(result.stdout).split('\n').filter(Boolean).map((line) => JSON.parse(line)).find((m) => m.type === 'control_response');
    expect(answer, String(result.stderr)).toBeDefined();
    const text = JSON.stringify(answer);
    expect(text).toContain('openai/gpt-5.5 on AIGate');
    expect(text).toContain('anthropic/claude-opus-4.7 on AIGate');
  });
});

describe('doctor checks the ids', () => {
  it('a tier id the gateway lacks fails, naming the nearest ids; a built-in default the user never chose only warns', async () => {
    const { home, env } = sandbox('[profiles.default.claude]\nsonnet = "anthropic/claude-sonet-4.6"\n', { PATH: '/usr/bin:/bin' });
    const checks: Array<{ status: string; check: string; detail: string; fix?: string }> = JSON.parse((await aigate(['doctor', '--json'], env, { cwd: home })).stdout);
    const models = checks.filter((c) => c.check === 'models');
    expect(models).toContainEqual(expect.objectContaining({ status: 'fail', detail: expect.stringContaining('"anthropic/claude-sonet-4.6"'), fix: expect.stringContaining('anthropic/claude-sonnet-4.6') }));
    // haiku and opus are built-in defaults this gateway lacks: said, not failed.
    expect(models).toContainEqual(expect.objectContaining({ status: 'warn', detail: expect.stringContaining('"anthropic/claude-haiku-4.5" (built-in default)') }));
  });
});
