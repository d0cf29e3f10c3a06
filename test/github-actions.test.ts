import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { stringify } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { AIGATE, aigate, cleanEnv, tempDir } from './support/cli.js';
import { hostileValues, seedFromEnv } from './support/fuzz.js';

const KEY = 'sk-gha-%0A-0123456789abcdef';
const ROOT = join(import.meta.dirname, '..');

/**
 * $GITHUB_ENV read as the runner reads it (actions/runner, SetEnvFileCommand), written from its
 * documented format: `NAME=VALUE` lines, or `NAME<<DELIMITER`, the value's lines, the delimiter;
 * lines end at LF (and at CR LF on Windows); the value is the text up to the line break before
 * the delimiter line.
 */
function parseGithubEnv(text: string, windows = false): Record<string, string> {
  const env: Record<string, string> = {};
  let index = 0;
  const readLine = (): { line: string; newline: string } | undefined => {
    if (index >= text.length) return undefined;
    const start = index;
    const lf = text.indexOf('\n', index);
    if (lf < 0) {
      index = text.length;
      return { line: text.slice(start), newline: '' };
    }
    const crlf = windows ? text.indexOf('\r\n', index) : -1;
    if (crlf >= 0 && crlf < lf) {
      index = crlf + 2;
      return { line: text.slice(start, crlf), newline: '\r\n' };
    }
    index = lf + 1;
    return { line: text.slice(start, lf), newline: '\n' };
  };
  for (let read = readLine(); read; read = readLine()) {
    const { line } = read;
    if (!line) continue;
    const equals = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      env[line.slice(0, equals)] = line.slice(equals + 1);
    } else if (heredoc >= 0) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (!name || !delimiter) throw new Error(`invalid line ${JSON.stringify(line)}`);
      const start = index;
      let end = index;
      for (let value = readLine(); ; value = readLine()) {
        if (!value) throw new Error(`no delimiter ${delimiter}`);
        if (value.line === delimiter) break;
        end = index - value.newline.length;
      }
      env[name] = end > start ? text.slice(start, end) : '';
    } else {
      throw new Error(`invalid line ${JSON.stringify(line)}`);
    }
  }
  return env;
}

function runner(extra: Record<string, string>, existing = '') {
  const home = tempDir();
  const config = join(home, 'config.toml');
  writeFileSync(config, stringify({ profiles: { default: { env: extra } } }));
  const githubEnv = join(home, 'github_env');
  writeFileSync(githubEnv, existing);
  return { home, githubEnv, env: cleanEnv(home, { AIGATE_CONFIG: config, AIGATE_API_KEY: KEY, GITHUB_ENV: githubEnv, ANTHROPIC_API_KEY: 'sk-ant-runner' }) };
}

describe('aigate env --shell github', () => {
  it('appends every value, hostile ones included, in the form the runner reads back exactly', async () => {
    const seed = seedFromEnv();
    // A final CR is refused (a Windows runner would read it as part of CR LF): see the next test.
    const values = [...hostileValues(seed, 2000).filter((v) => !v.endsWith('\r')), 'AIGATE_x', 'EOF', '\n', 'a\nEOF\nb', 'x<<y', 'A=B'];
    const existing = 'EARLIER=from another step\n';
    const { env, githubEnv, home } = runner(Object.fromEntries(values.map((v, i) => [`V${i}`, v])), existing);
    const result = await aigate(['env', '--shell', 'gha'], env, { cwd: home });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const text = readFileSync(githubEnv, 'utf8');
    expect(text.startsWith(existing)).toBe(true); // appended, the runner's own lines untouched
    for (const windows of [false, true]) {
      const parsed = parseGithubEnv(text, windows);
      const wrong = values.flatMap((v, i) => (parsed[`V${i}`] === v ? [] : [i]));
      expect(wrong.slice(0, 5), `seed ${seed} (AIGATE_FUZZ_SEED=${seed}), windows ${windows}: ${wrong.length} differ`).toEqual([]);
      expect(parsed).toMatchObject({ EARLIER: 'from another step', AIGATE_API_KEY: KEY, ANTHROPIC_AUTH_TOKEN: KEY, AIGATE_PROFILE: 'default' });
      // A variable to remove is set empty; no AIGATE_STATE (it would list the runner's own key in later logs).
      expect(parsed.ANTHROPIC_API_KEY).toBe('');
      expect(parsed).not.toHaveProperty('AIGATE_STATE');
    }
    // Masks first, and nothing else on stdout; escaped as the runner unescapes them.
    expect(result.stdout).toBe('::add-mask::sk-gha-%250A-0123456789abcdef');
  });

  it('refuses a value ending in CR, and runs nowhere without $GITHUB_ENV, in one line with nothing written', async () => {
    const { env, githubEnv } = runner({ X: 'ends with\r' });
    const refused = await aigate(['env', '--shell', 'github'], env);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toBe('aigate: the value of X ends with a carriage return, which the GitHub runner would drop; take it out of the value');
    expect(refused.stdout).toBe('');
    expect(readFileSync(githubEnv, 'utf8')).toBe('');
    const { GITHUB_ENV: _, ...without } = runner({}).env;
    const missing = await aigate(['env', '--shell', 'github'], without);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toMatch(/^aigate: --shell github appends to the file named by \$GITHUB_ENV, which is not set; run it in a GitHub Actions step/);
    expect(missing.stdout).toBe('');
  });

  it('`aigate off --shell github` empties what aigate set in this shell', async () => {
    const { env, githubEnv, home } = runner({});
    const script = '"$NODE" "$AIGATE" env --shell bash > env.sh && . ./env.sh && "$NODE" "$AIGATE" off --shell github';
    const result = await execa('bash', ['-c', script], { env: { ...env, NODE: process.execPath, AIGATE }, extendEnv: false, cwd: home, reject: false });
    expect(result.stderr).toBe('');
    const parsed = parseGithubEnv(readFileSync(githubEnv, 'utf8'));
    expect(parsed).toMatchObject({ AIGATE_PROFILE: '', AIGATE_BASE_URL: '', ANTHROPIC_AUTH_TOKEN: '', ANTHROPIC_API_KEY: 'sk-ant-runner' });
    expect(parsed).not.toHaveProperty('AIGATE_STATE');
  });
});

describe('action.yml, the composite action', () => {
  const action = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
  const step = action.runs.steps[0];

  it('is a composite action taking the key as an input and splicing no input into its script', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.inputs['api-key'].required).toBe(true);
    expect(step.run).not.toMatch(/\$\{\{/);
  });

  it('run as the runner would: the later steps get the variables, the log the mask', async () => {
    const { home, githubEnv } = runner({});
    // The runner's substitution of ${{ inputs.* }}, into the step's env only.
    const inputs: Record<string, string> = { 'api-key': KEY, profile: '', 'base-url': 'https://ci.example/v1', model: "it's $(touch CANARY)" };
    const stepEnv = Object.fromEntries(Object.entries(step.env as Record<string, string>).map(([k, v]) => [k, v.replace(/\$\{\{ inputs\.([\w-]+) \}\}/g, (_m, name: string) => inputs[name] ?? '')]));
    const result = await execa('bash', ['-e', '-c', step.run], {
      env: { PATH: process.env.PATH!, HOME: home, GITHUB_ENV: githubEnv, GITHUB_ACTION_PATH: ROOT, ...stepEnv },
      extendEnv: false,
      cwd: home,
      reject: false,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`::add-mask::${KEY.replace('%', '%25')}`);
    expect(parseGithubEnv(readFileSync(githubEnv, 'utf8'))).toMatchObject({ AIGATE_BASE_URL: 'https://ci.example/v1', ANTHROPIC_BASE_URL: 'https://ci.example', AIGATE_MODEL: "it's $(touch CANARY)", AIGATE_API_KEY: KEY });
    expect(() => readFileSync(join(home, 'CANARY'))).toThrow(/ENOENT/);
    expect(AIGATE).toContain(ROOT.split('/').pop());
  });
});
