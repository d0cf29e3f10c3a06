import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { parse as parseJsonc } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { aigate, cleanEnv, tempDir } from './support/cli.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/setup/', import.meta.url));
const KEY = 'sk-setup-0123456789abcdef';

/** A sandbox: where each agent's file lives in it, and the environment aigate runs with. */
function sandbox() {
  const home = tempDir('aigate-setup-');
  const project = join(home, 'project');
  mkdirSync(project);
  const config = join(home, 'config.toml');
  writeFileSync(config, '[profiles.default]\nbase_url = "https://gw.example/v1"\nmodel = "openai/gpt-5.5"\n');
  const env = cleanEnv(home, { AIGATE_CONFIG: config, AIGATE_API_KEY: KEY, CODEX_HOME: join(home, '.codex') });
  // The gateway's model list, as `aigate models` caches it: the pickers list it (one model here, the profile's).
  mkdirSync(join(home, '.cache', 'aigate'), { recursive: true });
  writeFileSync(join(home, '.cache', 'aigate', 'models.json'), JSON.stringify({ 'https://gw.example/v1': { fetchedAt: Date.now(), models: [{ id: 'openai/gpt-5.5' }] } }));
  const files = { codex: join(home, '.codex', 'config.toml'), opencode: join(project, 'opencode.json'), claude: join(home, '.claude', 'settings.json') };
  return { home, project, env, files };
}

type Agent = 'codex' | 'opencode' | 'claude';
const dataOf = (agent: Agent, text: string) => (agent === 'codex' ? parseToml(text) : parseJsonc(text, [], { allowTrailingComma: true }));

const CORPUS: Array<[Agent, string]> = [
  ['codex', 'codex-full.toml'],
  ['codex', 'codex-crlf-no-final-newline.toml'],
  ['codex', 'codex-bom.toml'],
  ['codex', 'codex-empty.toml'],
  ['codex', 'codex-comments-only.toml'],
  ['codex', 'codex-existing-aigate.toml'],
  ['opencode', 'opencode-full.jsonc'],
  ['opencode', 'opencode-existing-aigate.json'],
  ['opencode', 'opencode-tabs-no-final-newline.json'],
  ['opencode', 'opencode-trailing-comma.json'],
  ['claude', 'claude-full.json'],
];

describe('aigate setup: set, set again, remove, byte for byte', () => {
  it.each(CORPUS)('%s with %s', async (agent, fixture) => {
    const { project, env, files } = sandbox();
    const file = files[agent];
    mkdirSync(join(file, '..'), { recursive: true });
    copyFileSync(join(FIXTURES, fixture), file);
    chmodSync(file, 0o640);
    const original = readFileSync(file);

    const set = await aigate(['setup', agent], env, { cwd: project });
    expect(set.exitCode, set.stderr).toBe(0);
    const written = readFileSync(file, 'utf8');
    expect(readFileSync(`${file}.aigate-backup`)).toEqual(original);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(written).not.toContain(KEY);
    const before = dataOf(agent, original.toString('utf8').replace(/^\ufeff/, '')) as any;
    const after = dataOf(agent, written.replace(/^\ufeff/, '')) as any;
    if (agent === 'codex') {
      expect(after).toMatchObject({ model_provider: 'aigate', model: 'openai/gpt-5.5', model_providers: { aigate: { name: 'AIGate', base_url: 'https://gw.example/v1', env_key: 'AIGATE_API_KEY', wire_api: 'responses' } } });
      // Everything of the user's is still there, as it was, but the two top-level keys aigate owns.
      for (const [key, value] of Object.entries(before)) if (!['model', 'model_provider', 'model_providers'].includes(key)) expect(after[key]).toEqual(value);
      for (const [name, provider] of Object.entries<any>(before.model_providers ?? {})) {
        expect(after.model_providers[name]).toMatchObject(name === 'aigate' ? { extra_header: provider.extra_header ?? undefined } : provider);
      }
    } else if (agent === 'opencode') {
      expect(after.provider.aigate).toMatchObject({ npm: '@ai-sdk/openai-compatible', name: 'AIGate', options: { baseURL: 'https://gw.example/v1', apiKey: '{env:AIGATE_API_KEY}' } });
      expect(after.model).toBe('aigate/openai/gpt-5.5');
      for (const [key, value] of Object.entries(before)) if (!['provider', 'model'].includes(key)) expect(after[key]).toEqual(value);
      for (const [name, provider] of Object.entries<any>(before.provider ?? {})) if (name !== 'aigate') expect(after.provider[name]).toEqual(provider);
      if (before.provider?.aigate) {
        expect(after.provider.aigate.models['my/extra-model']).toEqual({ name: 'Extra' }); // the user's extra model stays
        expect(after.provider.aigate.options.timeout).toBe(60000);
      }
    } else {
      expect(after.env).toMatchObject({ MY_VAR: '1', ANTHROPIC_BASE_URL: 'https://gw.example', ANTHROPIC_MODEL: 'anthropic/claude-sonnet-4.6' });
      expect(after.apiKeyHelper).toMatch(/aigate\.cjs' key --profile 'default'$/);
      expect(after.hooks).toEqual(before.hooks);
      expect(after.permissions).toEqual(before.permissions);
    }
    // Comments survive: every comment line of the original is still in the file.
    for (const line of original.toString('utf8').split(/\r?\n/).filter((l) => /^\s*(#|\/\/)/.test(l))) expect(written).toContain(line);

    const again = await aigate(['setup', agent], env, { cwd: project });
    expect(again.stdout).toContain('already up to date');
    expect(readFileSync(file, 'utf8')).toBe(written);

    const removed = await aigate(['setup', agent, '--remove'], env, { cwd: project });
    expect(removed.exitCode, removed.stderr).toBe(0);
    expect(readFileSync(file)).toEqual(original);
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  it.each([
    ['codex', 'codex-malformed.toml', /config\.toml:\d+:\d+: invalid TOML/],
    ['opencode', 'opencode-malformed.json', /opencode\.json:\d+:\d+: not valid JSON\(C\)/],
    ['codex', 'codex-inline-providers.toml', /config\.toml:2: aigate cannot yet edit model_providers\.aigate where it is written as dotted keys or an inline table \(model_providers\); your file is valid and was not changed/],
  ] as const)('refuses %s %s untouched', async (agent, fixture, message) => {
    const { project, env, files } = sandbox();
    const file = files[agent];
    mkdirSync(join(file, '..'), { recursive: true });
    copyFileSync(join(FIXTURES, fixture), file);
    const original = readFileSync(file);
    const result = await aigate(['setup', agent], env, { cwd: project });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(readFileSync(file)).toEqual(original);
    expect(existsSync(`${file}.aigate-backup`)).toBe(false);
  });

  // Issue 22's cases, each through the CLI (the random sequences are in setup-sequences.test.ts).
  it('what aigate cannot yet edit in a valid file is refused by name and line, never blamed on the file, nothing written', async () => {
    const { project, env, home } = sandbox();
    const cases: Array<[string, string, string, RegExp]> = [
      ['codex', join(home, '.codex', 'config.toml'), 'model = "gpt-5"\nmodel_providers.aigate.name = "mine"\n', /config\.toml:2: aigate cannot yet edit model_providers\.aigate where it is written as dotted keys or an inline table \(model_providers\.aigate\.name\); your file is valid and was not changed: write it as a \[model_providers\.aigate\] table/],
      ['claude', join(home, '.claude', 'settings.json'), '{"env": {"A": "1"},\n "env": {"B": "2"}}\n', /settings\.json:2:2: aigate cannot yet edit an object that has the key "env" twice \(also at 1:2; JSON keeps the last one\); your file is valid and was not changed: remove one of them/],
      ['continue', join(home, '.continue', 'config.yaml'), 'base: &b\n  provider: openai\nmodels:\n  - name: mine\n    <<: *b\n', /config\.yaml:5: aigate cannot yet edit a file with YAML aliases \(\*b\); your file is valid and was not changed/],
      ['continue', join(home, '.continue', 'config.yaml'), 'name: x\nmodels: [ {name: a, provider: openai, model: b} ]\n', /config\.yaml:2: aigate cannot yet edit models written in flow style \(\[ … \]\); your file is valid and was not changed: write it in block style/],
    ];
    for (const [agent, file, text, message] of cases) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      const result = await aigate(['setup', agent], env, { cwd: project });
      expect(result.exitCode, agent).toBe(1);
      expect(result.stderr, agent).toMatch(message);
      expect(result.stderr, agent).not.toMatch(/fix it first|a bug in aigate/);
      expect(readFileSync(file, 'utf8'), agent).toBe(text);
      expect(readdirSync(dirname(file)), agent).toEqual([basename(file)]);
    }
  });

  it("Continue's own default (models: []), an empty models:, an empty settings.json and one of comments only are edited, and --remove gives back their bytes", async () => {
    const { project, env, home } = sandbox();
    const cases: Array<[string, string, string]> = [
      ['continue', join(home, '.continue', 'config.yaml'), 'name: Local Assistant\nversion: 1.0.0\nschema: v1\nmodels: []\ncontext: []\n'],
      ['continue', join(home, '.continue', 'config.yaml'), 'name: Local Assistant\nmodels: # mine\n'],
      ['claude', join(home, '.claude', 'settings.json'), ''],
      ['claude', join(home, '.claude', 'settings.json'), '// nothing yet\n'],
    ];
    const { parse: parseYaml } = await import('yaml');
    for (const [agent, file, text] of cases) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      const result = await aigate(['setup', agent], env, { cwd: project });
      expect(result.exitCode, `${agent} ${JSON.stringify(text)}: ${result.stderr}`).toBe(0);
      const written = readFileSync(file, 'utf8');
      const data = agent === 'continue' ? parseYaml(written) : parseJsonc(written, [], { allowTrailingComma: true });
      expect(JSON.stringify(data), agent).toContain('gw.example');
      expect((await aigate(['setup', agent, '--remove'], env, { cwd: project })).exitCode).toBe(0);
      expect(readFileSync(file, 'utf8'), `${agent} ${JSON.stringify(text)}`).toBe(text);
    }
  });

  it('setup again keeps a value the user changed and says so; --replace takes it back; --remove leaves the user\'s value', async () => {
    const { project, env, home } = sandbox();
    const file = join(home, '.codex', 'config.toml');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, 'model = "gpt-5"\n');
    expect((await aigate(['setup', 'codex'], env, { cwd: project })).exitCode).toBe(0);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^model = .*$/m, 'model = "gpt-6"'));
    const again = await aigate(['setup', 'codex'], env, { cwd: project });
    expect(again.stdout).toContain('aigate: kept model: you changed it since aigate wrote it (aigate setup codex --replace takes it back)');
    expect(parseToml(readFileSync(file, 'utf8')).model).toBe('gpt-6');
    const removed = await aigate(['setup', 'codex', '--remove'], env, { cwd: project });
    expect(removed.stdout).toContain('aigate: kept model: you changed it since aigate wrote it\n');
    expect(readFileSync(file, 'utf8')).toBe('model = "gpt-6"\n');
    // --replace: aigate's value again; --remove then gives back the value from before that setup.
    expect((await aigate(['setup', 'codex'], env, { cwd: project })).exitCode).toBe(0);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^model = .*$/m, 'model = "gpt-7"'));
    expect((await aigate(['setup', 'codex', '--replace'], env, { cwd: project })).stdout).not.toContain('kept');
    expect(parseToml(readFileSync(file, 'utf8')).model).toBe('openai/gpt-5.5');
    expect((await aigate(['setup', 'codex', '--remove'], env, { cwd: project })).exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('model = "gpt-6"\n');
  });

  it("--remove: an entry of aigate's that the user renamed, or that holds their comment, is theirs and stays, said by name; a twin of aigate's entry is refused, and nothing forgotten", async () => {
    const { project, env, home } = sandbox();
    const file = join(home, '.continue', 'config.yaml');
    mkdirSync(dirname(file), { recursive: true });
    const mine = 'models:\n  - name: mine\n    provider: openai\n    model: x\n';
    writeFileSync(file, mine);
    expect((await aigate(['setup', 'continue'], env, { cwd: project })).exitCode).toBe(0);
    writeFileSync(file, readFileSync(file, 'utf8').replace('name: AIGate openai/gpt-5.5', 'name: Renamed'));
    const renamed = await aigate(['setup', 'continue', '--remove'], env, { cwd: project });
    expect(renamed.stdout).toContain('aigate: models.AIGate openai/gpt-5.5 is no longer in the file as aigate wrote it (renamed or removed): left as it is');
    expect(readFileSync(file, 'utf8')).toContain('name: Renamed');

    writeFileSync(file, mine);
    expect((await aigate(['setup', 'continue'], env, { cwd: project })).exitCode).toBe(0);
    writeFileSync(file, readFileSync(file, 'utf8').replace('    model: openai/gpt-5.5\n', '    # my note\n    model: openai/gpt-5.5\n'));
    const commented = await aigate(['setup', 'continue', '--remove'], env, { cwd: project });
    expect(commented.stdout).toContain('aigate: kept models.AIGate openai/gpt-5.5: you changed it since aigate wrote it');
    expect(readFileSync(file, 'utf8')).toContain('# my note');

    writeFileSync(file, mine);
    expect((await aigate(['setup', 'continue'], env, { cwd: project })).exitCode).toBe(0);
    writeFileSync(file, `${readFileSync(file, 'utf8')}  - name: AIGate openai/gpt-5.5\n    provider: openai\n    model: y\n`);
    const twin = await aigate(['setup', 'continue', '--remove'], env, { cwd: project });
    expect(twin.exitCode).toBe(1);
    expect(twin.stderr).toMatch(/config\.yaml:\d+: aigate cannot yet edit a list with two entries named "AIGate openai\/gpt-5\.5" \(lines \d+ and \d+\), as it cannot tell its own; your file is valid and was not changed: rename or remove yours/);
    // The record is kept: once the twin is gone, --remove finds aigate's entry.
    writeFileSync(file, readFileSync(file, 'utf8').replace(/  - name: AIGate openai\/gpt-5\.5\n    provider: openai\n    model: y\n$/, ''));
    expect((await aigate(['setup', 'continue', '--remove'], env, { cwd: project })).exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(mine);
  });

  it("a codex whose `debug models` prints JSON without a list of models: setup says the picker keeps Codex's list, and goes on", async () => {
    const { project, env, home } = sandbox();
    for (const output of ['{"other": 1}', '{"models": {"a": 1}}', '{"models": [1, null, "x"]}']) {
      const bin = join(home, `bin-${output.length}`);
      mkdirSync(bin);
      writeFileSync(join(bin, 'codex'), `#!/bin/sh\nprintf '%s' '${output}'\n`, { mode: 0o755 });
      const result = await aigate(['setup', 'codex'], { ...env, PATH: `${bin}:${env.PATH}` }, { cwd: project });
      expect(result.exitCode, `${output}: ${result.stderr}`).toBe(0);
      expect(result.stdout, output).toContain("codex did not list its own models (codex debug models), so its /model picker keeps OpenAI's list");
      expect((await aigate(['setup', 'codex', '--remove'], env, { cwd: project })).exitCode).toBe(0);
    }
  });

  it('a setup record that does not parse stops setup before the agent\'s file is touched', async () => {
    const { project, env, home } = sandbox();
    const file = join(home, '.codex', 'config.toml');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, 'model = "gpt-5"\n');
    const store = join(home, '.local', 'share', 'aigate', 'setup.json');
    mkdirSync(dirname(store), { recursive: true });
    writeFileSync(store, '{ not json');
    const result = await aigate(['setup', 'codex'], env, { cwd: project });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/setup\.json:1: not valid JSON, so aigate will not touch it/);
    expect(readFileSync(file, 'utf8')).toBe('model = "gpt-5"\n');
    expect(readdirSync(dirname(file))).toEqual(['config.toml']);
  });

  it.each(['codex', 'opencode', 'claude'] as const)('%s: creates a missing file, and --remove deletes it again', async (agent) => {
    const { project, env, files } = sandbox();
    expect((await aigate(['setup', agent], env, { cwd: project })).exitCode).toBe(0);
    expect(existsSync(files[agent])).toBe(true);
    if (agent === 'opencode') expect(JSON.parse(readFileSync(files[agent], 'utf8')).$schema).toBe('https://opencode.ai/config.json');
    expect((await aigate(['setup', agent, '--remove'], env, { cwd: project })).exitCode).toBe(0);
    expect(existsSync(files[agent])).toBe(false);
    expect(existsSync(`${files[agent]}.aigate-backup`)).toBe(false);
  });

  it('--dry-run prints a unified diff and writes nothing', async () => {
    const { project, env, files } = sandbox();
    mkdirSync(join(files.codex, '..'), { recursive: true });
    copyFileSync(join(FIXTURES, 'codex-full.toml'), files.codex);
    const original = readFileSync(files.codex);
    const result = await aigate(['setup', 'codex', '--dry-run'], env, { cwd: project });
    expect(result.stdout).toContain('-model = "o3"            # my favourite');
    expect(result.stdout).toContain('+model = "openai/gpt-5.5"            # my favourite');
    expect(result.stdout).toContain('+[model_providers.aigate]');
    expect(readFileSync(files.codex)).toEqual(original);
    expect(existsSync(`${files.codex}.aigate-backup`)).toBe(false);
  });

  it('--remove after the user edited the file keeps the edit and puts back the replaced value', async () => {
    const { project, env, files } = sandbox();
    mkdirSync(join(files.codex, '..'), { recursive: true });
    copyFileSync(join(FIXTURES, 'codex-full.toml'), files.codex);
    await aigate(['setup', 'codex'], env, { cwd: project });
    writeFileSync(files.codex, `${readFileSync(files.codex, 'utf8')}\n# added by me after setup\n`);
    await aigate(['setup', 'codex', '--remove'], env, { cwd: project });
    const text = readFileSync(files.codex, 'utf8');
    expect(text).toContain('model = "o3"            # my favourite');
    expect(text).toContain('# added by me after setup');
    expect(text).not.toContain('aigate');
  });

  it('kilo --print: what to enter in the extension before v7, or the same as JSON', async () => {
    const { env } = sandbox();
    const text = await aigate(['setup', 'kilo', '--print'], env);
    expect(text.stdout).toContain('OpenAI Compatible');
    expect(text.stdout).toContain('https://gw.example/v1/chat/completions');
    const json = JSON.parse((await aigate(['setup', 'kilo', '--print', '--json'], env)).stdout);
    expect(json).toMatchObject({ provider: 'OpenAI Compatible', baseUrl: 'https://gw.example/v1', modelId: 'openai/gpt-5.5' });
    expect(JSON.stringify(json)).not.toContain(KEY);
  });
});

describe('aigate doctor after aigate setup claude', () => {
  it('takes the values aigate wrote, matching the profile, as fine', async () => {
    const { project, env } = sandbox();
    // A gateway address that fails at once, without any network.
    const local = { ...env, AIGATE_BASE_URL: 'http://127.0.0.1:1/v1', PATH: '/usr/bin:/bin' };
    expect((await aigate(['setup', 'claude'], local, { cwd: project })).exitCode).toBe(0);
    const checks = JSON.parse((await aigate(['doctor', '--json'], local, { cwd: project })).stdout);
    const claude = checks.filter((c: { check: string }) => c.check === 'claude settings');
    expect(claude.length).toBeGreaterThan(0);
    expect(claude.every((c: { status: string }) => c.status === 'ok')).toBe(true);
  });
});

describe('aigate key', () => {
  it('prints the key and nothing else, or fails with a message', async () => {
    const { env } = sandbox();
    expect((await aigate(['key'], env)).stdout).toBe(KEY);
    const { AIGATE_API_KEY: _, ...noKey } = env;
    const missing = await aigate(['key'], noKey);
    expect(missing.exitCode).not.toBe(0);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('no API key');
  });
});

describe('Claude Code status line: aigate statusline, setup claude --statusline', () => {
  it('adds a status line that runs, keeps the user\'s own unless asked, and --remove puts theirs back', async () => {
    const { home, env, files } = sandbox();
    mkdirSync(join(home, '.claude'));
    const theirs = '{\n  // my own\n  "statusLine": { "type": "command", "command": "my-line" }\n}\n';
    writeFileSync(files.claude, theirs);

    const kept = await aigate(['setup', 'claude', '--statusline'], env);
    expect(kept.exitCode, kept.stderr).toBe(0);
    expect(kept.stdout).toContain("your own statusLine is kept; --replace-statusline puts aigate's in its place");
    expect(parseJsonc(readFileSync(files.claude, 'utf8')).statusLine.command).toBe('my-line');

    const replaced = await aigate(['setup', 'claude', '--replace-statusline'], env);
    expect(replaced.exitCode, replaced.stderr).toBe(0);
    const statusLine = parseJsonc(readFileSync(files.claude, 'utf8')).statusLine;
    expect(statusLine).toMatchObject({ type: 'command', command: expect.stringMatching(/aigate\.cjs' statusline --profile 'default'$/) });
    expect(readFileSync(files.claude, 'utf8')).not.toContain(KEY);

    // The command as Claude Code runs it (sh -c, the session JSON on stdin), with hostile text in it.
    const run = await execa('sh', ['-c', statusLine.command], { input: JSON.stringify({ model: { id: 'anthropic/claude-opus-4.7\u001b]0;pwned\u0007' }, cwd: home }), env, extendEnv: false, reject: false });
    expect(run.stdout).toBe('AIGate default · anthropic/claude-opus-4.7\\x1b]0;pwned\\x07 · gw.example');

    expect((await aigate(['setup', 'claude', '--remove'], env)).exitCode).toBe(0);
    expect(readFileSync(files.claude, 'utf8')).toBe(theirs);
  });

  it('without the JSON, shows the profile\'s Claude model', async () => {
    const { env } = sandbox();
    const result = await aigate(['statusline'], env, { input: '' });
    expect(result.stdout).toBe('AIGate default · anthropic/claude-sonnet-4.6 · gw.example');
  });
});

describe('aigate setup continue: one entry in ~/.continue/config.yaml, everything else byte for byte', () => {
  const CASES: Record<string, string> = {
    'comments and other entries': '# my config\nname: Mine\nversion: 1.0.0\nschema: v1\nmodels:\n  # the one I use\n  - name: GPT\n    provider: openai   # keep\n    model: gpt-4o\n    roles: [chat, edit]\ncontext:\n  - provider: code\n',
    'CRLF and no final newline': 'name: Mine\r\nversion: 1.0.0\r\nschema: v1\r\nmodels:\r\n- name: Local\r\n  provider: ollama\r\n  model: llama3',
    'no models yet': '# nothing here yet\nname: Mine\nversion: 1.0.0\nschema: v1\n',
    'a BOM, indented list': '\ufeffname: Mine\nversion: 1.0.0\nschema: v1\nmodels:\n    - name: A\n      provider: openai\n      model: a\n',
  };
  it.each(Object.keys(CASES))('%s: set, set again, remove', async (name) => {
    const { home, env } = sandbox();
    const file = join(home, '.continue', 'config.yaml');
    mkdirSync(join(home, '.continue'));
    const original = CASES[name]!;
    writeFileSync(file, original);
    const { parse: parseYaml } = await import('yaml');
    const before = parseYaml(original.replace(/^\ufeff/, ''));

    expect((await aigate(['setup', 'continue'], env)).exitCode).toBe(0);
    const written = readFileSync(file, 'utf8');
    const after = parseYaml(written.replace(/^\ufeff/, ''));
    const entry = { name: 'AIGate openai/gpt-5.5', provider: 'openai', model: 'openai/gpt-5.5', apiBase: 'https://gw.example/v1', apiKey: '${{ secrets.AIGATE_API_KEY }}' };
    expect(after).toEqual({ ...before, models: [...(before.models ?? []), entry] });
    expect(written).not.toContain(KEY);
    expect(written.includes('\r\n')).toBe(original.includes('\r\n'));
    if (original.includes('\r\n')) expect(written.replaceAll('\r\n', '')).not.toContain('\n'); // one line ending, not two

    expect((await aigate(['setup', 'continue'], env)).stdout).toContain('already up to date');
    expect((await aigate(['setup', 'continue', '--remove'], env)).exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(original);
  });

  it('keeps what the user changed in aigate\'s entry, and refuses a file that is not YAML with its line', async () => {
    const { home, env } = sandbox();
    const file = join(home, '.continue', 'config.yaml');
    mkdirSync(join(home, '.continue'));
    writeFileSync(file, 'name: Mine\nversion: 1.0.0\nschema: v1\n');
    await aigate(['setup', 'continue'], env);
    writeFileSync(file, readFileSync(file, 'utf8').replace('model: openai/gpt-5.5', 'model: openai/gpt-5.6'));
    const removed = await aigate(['setup', 'continue', '--remove'], env);
    expect(removed.stdout).toContain('kept models.AIGate openai/gpt-5.5: you changed it since aigate wrote it');
    expect(readFileSync(file, 'utf8')).toContain('model: openai/gpt-5.6'); // the whole entry stays, as the user left it
    writeFileSync(file, 'name: [unclosed\n');
    const broken = await aigate(['setup', 'continue'], env);
    expect(broken.exitCode).toBe(1);
    expect(broken.stderr).toMatch(/config\.yaml:\d+:\d+: not valid YAML: .*; fix it first \(aigate changed nothing\)$/);
    expect(readFileSync(file, 'utf8')).toBe('name: [unclosed\n');
  });
});
