// Issue 23, the first five minutes: `aigate setup` without an agent guides, driven in a real
// terminal (tmux) against the mock gateway; and the smaller points a first-time user meets.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AIGATE, aigate, cleanEnv, tempDir } from './support/cli.js';
import { snapshot } from './support/files.js';
import { InteractiveShell } from './support/interactive.js';
import { type MockGateway, startMockGateway } from './support/mock-gateway.js';
import { E2E_BIN, has, pinnedAgent } from './support/tools.js';

const KEY = 'sk-guide-test-0123456789abcdef';
const WRONG = 'sk-guide-wrong-0000000000000000';

let mock: MockGateway;
beforeAll(async () => {
  mock = await startMockGateway();
});
afterAll(() => mock.close());
beforeEach(() => {
  // The gateway refuses WRONG, as AIGate refuses a mistyped key.
  mock.override = (request, response) => {
    if (request.headers.authorization !== `Bearer ${WRONG}`) return false;
    response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"message":"invalid api key"}}');
    return true;
  };
  mock.received.length = 0;
});

/**
 * An empty home, and a PATH on which the only agents are the pinned `agents` (from test/e2e): the
 * guide offers exactly those.
 */
function sandbox(agents: string[] = []) {
  const home = tempDir('aigate-guide-');
  const bin = join(home, '.agents-bin');
  mkdirSync(bin);
  for (const agent of agents) symlinkSync(join(E2E_BIN, agent), join(bin, agent));
  const env = cleanEnv(home, { PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin` });
  return { home, env, config: join(home, '.config', 'aigate', 'config.toml'), credentials: join(home, '.config', 'aigate', 'credentials.json') };
}

/** `aigate setup` in a bash at a tmux terminal; `[exit N]` is on screen when it ends. */
async function startGuide(home: string, env: Record<string, string>): Promise<InteractiveShell> {
  const sh = await InteractiveShell.start(['bash', '--norc', '--noprofile', '-i'], home, { ...env, PS1: '$ ' });
  await sh.send(`"${process.execPath}" "${AIGATE}" setup; echo "[exit $?]"`);
  return sh;
}

/** Waits for a prompt, then answers it: text typed (if any), then Enter. */
async function answer(sh: InteractiveShell, prompt: string, typed = ''): Promise<void> {
  await sh.waitForScreen(prompt);
  if (typed) await sh.send(typed, false);
  await sh.keys('Enter');
}

const tmux = has('tmux');
const agents = pinnedAgent('codex') && pinnedAgent('opencode');

describe.runIf(tmux && agents)('aigate setup at a terminal', () => {
  it('a first run from an empty home, then a second run that shows the answers and changes one', async () => {
    const { home, env, config, credentials } = sandbox(['codex', 'opencode']);
    let sh = await startGuide(home, env);
    try {
      // 1: another gateway is one answer away (the field starts with AIGate's, cleared with Ctrl-U).
      await sh.waitForScreen('Base URL of the gateway');
      expect(await sh.screen()).toContain('https://api.aigate.shop/v1');
      await sh.keys('C-u');
      await answer(sh, 'Base URL of the gateway', mock.root);
      // 2: a key the gateway rejects is asked again, and nothing is stored.
      await answer(sh, 'API key, hidden', WRONG);
      await sh.waitForScreen('the key was not stored. Type it again');
      expect(await sh.screen()).toContain('401: the gateway rejected the key sk-…0000');
      expect(existsSync(credentials)).toBe(false);
      expect(existsSync(config)).toBe(false);
      await sh.send(KEY);
      // 3: the agents' model by filtering; Claude Code's main model and tiers kept as preselected.
      await sh.waitForScreen("The agents' model");
      await sh.send('mini', false);
      await sh.waitForScreen('(1 match)');
      await sh.keys('Enter');
      for (const tier of ["Claude Code's main model", "Claude Code's sonnet tier", "Claude Code's opus tier", "Claude Code's haiku tier"]) await answer(sh, tier);
      // 4: the integration for the calling shell (bash), said before it is added.
      await sh.waitForScreen('Add the bash integration?');
      expect(await sh.screen()).toContain(`aigate install adds, between # >>> aigate >>> markers, to ${home}/.bashrc`);
      await sh.keys('Enter');
      // 5: each agent on PATH, its change shown as a diff first.
      await sh.waitForScreen("Write this to Codex CLI's configuration?");
      expect(await sh.screen()).toContain(`+++ ${home}/.codex/config.toml`);
      await sh.keys('Enter');
      await answer(sh, "Write this to OpenCode's configuration?");
      // 6: aigate test.
      await answer(sh, 'Send the test requests?');
      await sh.waitForScreen('[exit 0]');
      const screen = await sh.screen();
      expect(screen).toMatch(/ok {4}\/v1\/responses +openai\/gpt-5\.5-mini +200/);
      expect(screen).not.toContain(KEY);
      expect(screen).not.toContain(WRONG);
    } finally {
      await sh.stop();
    }
    const first = readFileSync(config, 'utf8');
    expect(first).toContain(`base_url = "${mock.root}/v1"`);
    expect(first).toContain('model = "openai/gpt-5.5-mini"');
    expect(first).toContain('haiku = "anthropic/claude-haiku-4.5"');
    expect(JSON.parse(readFileSync(credentials, 'utf8'))).toEqual({ default: KEY });
    expect(readFileSync(join(home, '.bashrc'), 'utf8')).toContain('# >>> aigate >>>');
    expect(readFileSync(join(home, '.codex', 'config.toml'), 'utf8')).toContain('model = "openai/gpt-5.5-mini"');
    expect(JSON.parse(readFileSync(join(home, 'opencode.json'), 'utf8')).model).toBe('aigate/openai/gpt-5.5-mini');
    expect(mock.received.filter((r) => r.method === 'POST').map((r) => r.headers.authorization)).toEqual([`Bearer ${KEY}`, `Bearer ${KEY}`, `Bearer ${KEY}`]);

    // The second run starts from those answers; one changes, and only it is written.
    sh = await startGuide(home, env);
    try {
      await sh.waitForScreen('Base URL of the gateway');
      expect(await sh.screen()).toContain(`(now: ${mock.root}/v1, ${config} (profiles.default.base_url))`);
      await sh.keys('Enter');
      await answer(sh, 'API key, hidden (Enter keeps sk-…cdef from');
      await sh.waitForScreen("The agents' model");
      expect(await sh.screen()).toMatch(/● openai\/gpt-5\.5-mini/);
      await sh.keys('Enter');
      for (const tier of ["Claude Code's main model", "Claude Code's sonnet tier", "Claude Code's opus tier"]) await answer(sh, tier);
      await answer(sh, "Claude Code's haiku tier", 'gpt-5.5-mini');
      await sh.waitForScreen(`Already installed for bash in ${home}/.bashrc`);
      await answer(sh, 'Send the test requests?');
      await sh.waitForScreen('[exit 0]');
      const screen = await sh.screen();
      expect(screen).toContain(`${home}/.codex/config.toml is already up to date`);
      expect(screen).toContain(`${home}/opencode.json is already up to date`);
      expect(screen).not.toContain('Write this to');
    } finally {
      await sh.stop();
    }
    expect(readFileSync(config, 'utf8')).toBe(first.replace('haiku = "anthropic/claude-haiku-4.5"', 'haiku = "openai/gpt-5.5-mini"'));
  });

  describe('Ctrl-C at each step: status 130, no error, nothing written by that step', () => {
    /** A home with the gateway and a key, codex on PATH: every step has something to ask. */
    let template: string;
    beforeAll(async () => {
      const { home, env } = sandbox();
      template = home;
      expect((await aigate(['config', 'set', 'profiles.default.base_url', `${mock.root}/v1`], env)).exitCode).toBe(0);
      expect((await aigate(['login', '--stdin'], env, { input: KEY })).exitCode).toBe(0);
    });

    // What to answer to reach each step, and the prompt it stops at.
    const keep = (prompt: string) => ({ prompt });
    const toModels = [keep('Base URL of the gateway'), keep('API key, hidden')];
    const models = [keep("The agents' model"), keep("Claude Code's main model"), keep("Claude Code's sonnet tier"), keep("Claude Code's opus tier"), keep("Claude Code's haiku tier")];
    const steps: Array<[string, Array<{ prompt: string; typed?: string }>, string, string?]> = [
      ['the gateway, an address half typed', [], 'Base URL of the gateway', 'http://example.invalid'],
      ['the key, half typed', [keep('Base URL of the gateway')], 'API key, hidden', 'sk-half'],
      ['a model, after another was chosen', [...toModels, { prompt: "The agents' model", typed: 'mini' }], "Claude Code's main model"],
      ['the shell integration', [...toModels, ...models], 'Add the bash integration?'],
      ['an agent', [...toModels, ...models, keep('Add the bash integration?')], "Write this to Codex CLI's configuration?"],
      ['the test', [...toModels, ...models, keep('Add the bash integration?'), keep("Write this to Codex CLI's configuration?")], 'Send the test requests?'],
    ];
    it.each(steps)('%s', async (_name, before, stop, typed) => {
      const { home, env } = sandbox(['codex']);
      cpSync(template, home, { recursive: true });
      const sh = await startGuide(home, env);
      try {
        for (const step of before) await answer(sh, step.prompt, step.typed);
        await sh.waitForScreen(stop);
        const tree = snapshot(home);
        if (typed) await sh.send(typed, false);
        await sh.keys('C-c');
        await sh.waitForScreen('[exit 130]');
        const screen = await sh.screen();
        expect(screen).toContain('Stopped. This step wrote nothing');
        expect(screen).not.toMatch(/unexpected error|^\s+at /m);
        expect(snapshot(home)).toEqual(tree);
      } finally {
        await sh.stop();
      }
    });
  });
});

describe('aigate setup without a terminal, and with --yes', () => {
  it('without a terminal: prints the commands that do the same, exits 2, writes nothing', async () => {
    const { home, env } = sandbox();
    const result = await aigate(['setup'], env, { cwd: home });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toContain('aigate config set profiles.default.base_url https://api.aigate.shop/v1');
    for (const command of ['aigate login', 'aigate models', 'aigate config set profiles.default.model ID', 'aigate install', 'aigate setup AGENT', 'aigate test', 'aigate setup --yes --key-stdin']) {
      expect(result.stdout).toContain(command);
    }
    expect(result.stderr).toBe('aigate: aigate setup asks its questions at a terminal; run the commands above, or aigate setup --yes with flags');
    expect(Object.keys(snapshot(home))).toEqual([join(home, '.agents-bin')]);
  });

  it.runIf(pinnedAgent('opencode'))('--yes with flags: gateway, key from stdin, model, agents, integration, then the test', async () => {
    const { home, env, config, credentials } = sandbox(['opencode']);
    const result = await aigate(
      ['setup', '--yes', '--key-stdin', '--base-url', mock.root, '--model', 'openai/gpt-5.5-mini', '--agents', 'opencode', '--shell', 'bash'],
      env,
      { cwd: home, input: `${KEY}\n` },
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readFileSync(config, 'utf8')).toContain(`base_url = "${mock.root}/v1"`);
    expect(readFileSync(config, 'utf8')).toContain('model = "openai/gpt-5.5-mini"');
    expect(JSON.parse(readFileSync(credentials, 'utf8'))).toEqual({ default: KEY });
    expect(readFileSync(join(home, '.bashrc'), 'utf8')).toContain('# >>> aigate >>>');
    expect(JSON.parse(readFileSync(join(home, 'opencode.json'), 'utf8')).model).toBe('aigate/openai/gpt-5.5-mini');
    expect(result.stdout.split('\n').filter((line) => line.startsWith('ok '))).toHaveLength(3);
    expect(result.stdout + result.stderr).not.toContain(KEY);
    expect(result.stdout).toContain('stored the key sk-…cdef');
  });

  it('--yes checks everything first: a rejected key or a mistyped agent writes nothing', async () => {
    const { home, env } = sandbox();
    const before = snapshot(home);
    const rejected = await aigate(['setup', '--yes', '--key-stdin', '--base-url', mock.root, '--shell', 'bash'], env, { cwd: home, input: WRONG });
    expect(rejected.exitCode).toBe(1);
    expect(rejected.stderr).toMatch(/^aigate: 401: the gateway rejected the key sk-…0000 .*; nothing was stored or changed$/);
    const typo = await aigate(['setup', '--yes', '--base-url', mock.root, '--agents', 'codx'], env, { cwd: home, input: '' });
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toMatch(/^aigate: --agents: no setup for "codx"; did you mean codex\?/);
    const gone = await aigate(['setup', '--yes', '--base-url', 'http://127.0.0.1:1'], env, { cwd: home });
    expect(gone.exitCode).toBe(1);
    expect(gone.stderr).toMatch(/^aigate: .*127\.0\.0\.1:1.*; nothing was changed$/);
    expect(snapshot(home)).toEqual(before);
  });
});

describe('the first five minutes: the smaller points', () => {
  it('aigate alone: a paragraph pointing at aigate setup without a config; the short help with one', async () => {
    const { home, env } = sandbox();
    const first = await aigate([], env, { cwd: home });
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain('run `aigate setup`');
    expect(first.stdout.trim().split('\n').length).toBeLessThanOrEqual(4);
    expect((await aigate(['config', 'set', 'profiles.default.model', 'openai/gpt-5.5'], env)).exitCode).toBe(0);
    const short = await aigate([], env, { cwd: home });
    expect(short.stdout).toContain('aigate setup            guided');
    expect(short.stdout).not.toContain('For more info');
    expect(short.stdout.trim().split('\n').length).toBeLessThan((await aigate(['--help'], env)).stdout.trim().split('\n').length / 4);
  });

  it('a mistyped option, shell, action or config key gets the nearest one and exit 2', async () => {
    const { home, env } = sandbox();
    const cases: Array<[string[], string]> = [
      [['setup', 'codex', '--dry-rn'], 'unknown option --dry-rn; did you mean --dry-run?; see `aigate setup --help`'],
      [['env', '--explian'], 'unknown option --explian; did you mean --explain?; see `aigate env --help`'],
      [['env', '--shell', 'bsh'], 'unknown shell "bsh"; did you mean bash?; choose one of: bash, zsh, sh,'],
      [['install', '--shell', 'zhs'], 'unknown shell "zhs"; did you mean zsh?; choose one of: bash, zsh, fish,'],
      [['init', 'fihs'], 'unknown shell "fihs"; did you mean fish?'],
      [['profile', 'ad', 'work'], 'unknown action "ad"; did you mean add?'],
      [['config', 'get', 'profiles.default.modle'], 'unknown key; did you mean model?'],
    ];
    for (const [args, message] of cases) {
      const result = await aigate(args, env, { cwd: home });
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stdout).toBe('');
    }
  });

  it('setup --help lists the agents, and the README lists each of them and leads its quick start with aigate setup', async () => {
    const help = (await aigate(['setup', '--help'], sandbox().env)).stdout;
    const agents = /configuration: ([a-z, ]+)\n/.exec(help)![1]!.split(', ');
    expect(agents).toEqual(['claude', 'codex', 'opencode', 'kilo', 'continue']);
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const row = readme.split('\n').find((line) => line.startsWith('| `aigate setup AGENT'))!;
    for (const agent of agents) expect(row).toContain(agent);
    const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## What it sets'));
    expect(quickStart.indexOf('aigate setup')).toBeLessThan(quickStart.indexOf('aigate login'));
    expect(quickStart).toContain('aigate config set profiles.default.base_url');
  });

  it("the first doctor warns, and says how to pick, when the gateway lacks a built-in model id; a chosen one fails", async () => {
    const { home, env } = sandbox();
    mock.override = (request, response) => {
      if (request.path !== '/v1/models') return false;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [{ id: 'deepseek/deepseek-v4' }] }));
      return true;
    };
    const vars = { ...env, AIGATE_BASE_URL: `${mock.root}/v1`, AIGATE_API_KEY: KEY };
    const doctor = async () => JSON.parse((await aigate(['doctor', '--json'], vars, { cwd: home })).stdout) as Array<{ status: string; check: string; detail: string; fix?: string }>;
    const first = (await doctor()).filter((c) => c.check === 'models');
    expect(first.length).toBeGreaterThan(0);
    for (const check of first) {
      expect(check.status).toBe('warn');
      expect(check.fix).toMatch(/^pick one from the list: aigate setup, or aigate config set profiles\.default\.(model|claude\.\w+) ID \(closest ids: deepseek\/deepseek-v4\)$/);
    }
    await aigate(['config', 'set', 'profiles.default.model', 'openai/gpt-5.5'], vars);
    const chosen = (await doctor()).find((c) => c.check === 'models' && c.detail.startsWith('"openai/gpt-5.5"'));
    expect(chosen).toMatchObject({ status: 'fail', fix: 'aigate config set profiles.default.model ID (closest ids: deepseek/deepseek-v4)' });
  });

  it('profile add work --from default carries the key; a profile without one is told `aigate login --profile NAME`', async () => {
    const { env } = sandbox();
    expect((await aigate(['login', '--stdin', '--no-verify'], env, { input: KEY })).exitCode).toBe(0);
    const added = await aigate(['profile', 'add', 'work', '--from', 'default'], env);
    expect(added.exitCode, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/copied the key sk-…cdef of profile "default" to "work" in .*credentials\.json/);
    expect((await aigate(['key', '--profile', 'work'], env)).stdout).toBe(KEY);
    const bare = await aigate(['profile', 'add', 'other'], env);
    expect(bare.stderr).toBe('aigate: warning: profile "other" has no API key yet: aigate login --profile other');
    expect((await aigate(['env', '--profile', 'other', '--shell', 'bash'], env)).stderr).toContain('run `aigate login --profile other`');
  });

  it('config get of an unset key prints the default and says it is the default', async () => {
    const { env } = sandbox();
    const unset = await aigate(['config', 'get', 'profiles.default.model'], env);
    expect(unset.exitCode).toBe(0);
    expect(unset.stdout).toBe('openai/gpt-5.5');
    expect(unset.stderr).toMatch(/^aigate: profiles\.default\.model is not set in .*config\.toml \(no such file\); this is the built-in default$/);
    expect((await aigate(['config', 'get', 'profiles.default.claude.opus'], env)).stdout).toBe('anthropic/claude-opus-4.7');
    await aigate(['config', 'set', 'profiles.default.model', 'x/y'], env);
    const set = await aigate(['config', 'get', 'profiles.default.model'], env);
    expect([set.stdout, set.stderr]).toEqual(['x/y', '']);
  });

  it('env --explain fits in 100 columns (but for a long config path)', async () => {
    const { env } = sandbox();
    const explained = (await aigate(['env', '--explain'], { ...env, AIGATE_API_KEY: KEY })).stdout.split('\n');
    expect(explained.length).toBeGreaterThan(20);
    for (const line of explained.slice(1)) expect(line.length, line).toBeLessThanOrEqual(100);
  });

  it("test's columns line up: status, time and reply start at the same column on every route", async () => {
    const { env } = sandbox();
    const lines = (await aigate(['test'], { ...env, AIGATE_BASE_URL: `${mock.root}/v1`, AIGATE_API_KEY: KEY })).stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const column of [/ 200 /, / ms /, /"OK"/]) expect(new Set(lines.map((line) => line.search(column))).size, String(column)).toBe(1);
  });
});

// The prompts are loaded by the guide alone: the bundles of every shell start and every agent run stay without them.
it('the env and run bundles hold no prompt library; a chunk of the full CLI does', () => {
  const dist = new URL('../dist/', import.meta.url);
  const read = (file: string) => readFileSync(new URL(file, dist), 'utf8');
  // The autocomplete prompt's own text: present in the library's chunk, absent from the bundles.
  const marker = 'to search';
  expect(readdirSync(new URL('chunks/', dist)).some((chunk) => read(`chunks/${chunk}`).includes(marker))).toBe(true);
  for (const bundle of ['env.cjs', 'run.cjs']) expect(read(bundle)).not.toContain(marker);
});
