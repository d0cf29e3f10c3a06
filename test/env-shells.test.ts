import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse as parseToml, stringify } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { AIGATE, cleanEnv, tempDir } from './support/cli.js';
import { hostileValues, seedFromEnv } from './support/fuzz.js';
import { has } from './support/tools.js';

const PRINT_ENV = 'process.stdout.write(JSON.stringify(process.env))';
const VALUES_PER_SHELL = 2000;

/** How each real shell evaluates `aigate env`, exactly as the README tells users to. */
const SHELLS = {
  bash: { argv: ['bash', '--norc', '--noprofile', '-c'], evaluate: (cmd: string) => `eval "$(${cmd})"` },
  zsh: { argv: ['zsh', '-f', '-c'], evaluate: (cmd: string) => `eval "$(${cmd})"` },
  dash: { argv: ['dash', '-c'], evaluate: (cmd: string) => `eval "$(${cmd})"` },
  fish: { argv: ['fish', '--no-config', '-c'], evaluate: (cmd: string) => `${cmd} | source` },
} as const;

type ShellName = keyof typeof SHELLS;

/**
 * Writes a config whose active profile exports `extra`, lets the real shell evaluate `aigate env`
 * (with `--shell` when given, else auto-detected), and returns the environment a child then sees.
 */
async function environmentAfterEval(shell: ShellName, options: { extra: Record<string, string>; shellFlag?: string; lang?: string; env?: Record<string, string> }) {
  const home = tempDir();
  const config = join(home, 'config.toml');
  const document = { profile: 'fuzz', profiles: { fuzz: { env: options.extra } } };
  const text = stringify(document);
  expect(parseToml(text)).toEqual(document); // the fixture itself must be exact
  writeFileSync(config, text);
  const { argv, evaluate } = SHELLS[shell];
  const aigateCommand = `"$AIGATE_NODE" "$AIGATE_BIN" env${options.shellFlag ? ` --shell ${options.shellFlag}` : ''}`;
  const script = shell === 'fish'
    ? `${evaluate(aigateCommand)}; and "$AIGATE_NODE" -e '${PRINT_ENV}'`
    : `${evaluate(aigateCommand)} && "$AIGATE_NODE" -e '${PRINT_ENV}'`;
  const result = await execa(argv[0], [...argv.slice(1), script], {
    env: cleanEnv(home, {
      AIGATE_CONFIG: config,
      AIGATE_NODE: process.execPath,
      AIGATE_BIN: AIGATE,
      LANG: options.lang ?? 'C.UTF-8',
      AIGATE_API_KEY: 'sk-fuzz-0123456789abcdef',
      ...options.env,
    }),
    extendEnv: false,
    reject: false,
    cwd: home, // were quoting ever wrong, a stray redirect lands here, not in the repository
  });
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return JSON.parse(result.stdout) as Record<string, string>;
}

function mismatches(values: string[], env: Record<string, string>) {
  return values.flatMap((value, i) => (env[`V${i}`] === value ? [] : [{ name: `V${i}`, expected: value, got: env[`V${i}`] }]));
}

const available = Object.fromEntries(Object.keys(SHELLS).map((shell) => [shell, has(shell)])) as Record<ShellName, boolean>;

describe.each(Object.keys(SHELLS) as ShellName[])('aigate env evaluated by real %s', (shell) => {
  const shellFlag = shell === 'dash' ? 'sh' : shell;

  it.skipIf(!available[shell])(`round-trips ${VALUES_PER_SHELL} hostile values byte for byte`, async () => {
    const seed = seedFromEnv();
    const values = hostileValues(seed, VALUES_PER_SHELL);
    const extra = Object.fromEntries(values.map((value, i) => [`V${i}`, value]));
    const env = await environmentAfterEval(shell, { extra, shellFlag });
    const wrong = mismatches(values, env);
    expect(wrong.slice(0, 5), `seed ${seed} (rerun with AIGATE_FUZZ_SEED=${seed}): ${wrong.length} values differ`).toEqual([]);
  });

  it.skipIf(!available[shell])('round-trips them under LANG=C too', async () => {
    const seed = seedFromEnv();
    const values = hostileValues(seed, 500);
    const extra = Object.fromEntries(values.map((value, i) => [`V${i}`, value]));
    const env = await environmentAfterEval(shell, { extra, shellFlag, lang: 'C' });
    const wrong = mismatches(values, env);
    expect(wrong.slice(0, 5), `seed ${seed}: ${wrong.length} values differ`).toEqual([]);
  });

  it.skipIf(!available[shell])('detects the shell that evaluates it when --shell is not given', async () => {
    const env = await environmentAfterEval(shell, { extra: { QUOTED: "it's \"$HOME\" `x`\n" } });
    expect(env.QUOTED).toBe("it's \"$HOME\" `x`\n");
    expect(env.AIGATE_PROFILE).toBe('fuzz');
  });

  it.skipIf(!available[shell])('sets what the agents need and removes what would misroute them', async () => {
    const env = await environmentAfterEval(shell, {
      extra: {},
      shellFlag,
      env: { ANTHROPIC_API_KEY: 'sk-ant-old', CLAUDE_CODE_USE_BEDROCK: '1', CLAUDE_CODE_USE_VERTEX: '1', KEEP_ME: 'yes' },
    });
    expect(env).toMatchObject({
      AIGATE_PROFILE: 'fuzz',
      AIGATE_BASE_URL: 'https://api.aigate.shop/v1',
      AIGATE_API_KEY: 'sk-fuzz-0123456789abcdef',
      AIGATE_MODEL: 'openai/gpt-5.5',
      ANTHROPIC_BASE_URL: 'https://api.aigate.shop',
      ANTHROPIC_AUTH_TOKEN: 'sk-fuzz-0123456789abcdef',
      ANTHROPIC_MODEL: 'anthropic/claude-sonnet-4.6',
      ANTHROPIC_DEFAULT_SONNET_MODEL: 'anthropic/claude-sonnet-4.6',
      ANTHROPIC_DEFAULT_OPUS_MODEL: 'anthropic/claude-opus-4.7',
      ANTHROPIC_DEFAULT_HAIKU_MODEL: 'anthropic/claude-haiku-4.5',
      KEEP_ME: 'yes',
    });
    for (const gone of ['ANTHROPIC_API_KEY', 'CLAUDE_CODE_USE_BEDROCK', 'CLAUDE_CODE_USE_VERTEX', 'CLAUDE_CODE_USE_FOUNDRY']) {
      expect(env).not.toHaveProperty(gone);
    }
  });

  it.skipIf(!available[shell])('switches profiles in one shell without carrying the first one\'s values, and keeps the user\'s edits', async () => {
    const home = tempDir();
    const config = join(home, 'config.toml');
    writeFileSync(config, stringify({
      profile: 'a',
      profiles: { a: { base_url: 'https://a.test/v1', env: { ONLY_A: 'a' } }, b: { base_url: 'https://b.test', api_key_env: 'B_KEY' } },
    }));
    const run = (profile: string) => `"$AIGATE_NODE" "$AIGATE_BIN" env --shell ${shellFlag} --profile ${profile}`;
    const { evaluate } = SHELLS[shell];
    const userEdit = shell === 'fish' ? 'set -gx AIGATE_MODEL mine' : 'export AIGATE_MODEL=mine';
    const steps = [evaluate(run('a')), userEdit, evaluate(run('b')), `"$AIGATE_NODE" -e '${PRINT_ENV}'`];
    const result = await execa(SHELLS[shell].argv[0], [...SHELLS[shell].argv.slice(1), steps.join(shell === 'fish' ? '; and ' : ' && ')], {
      env: cleanEnv(home, { AIGATE_CONFIG: config, AIGATE_NODE: process.execPath, AIGATE_BIN: AIGATE, AIGATE_API_KEY: 'sk-a-0123456789', B_KEY: 'sk-b-0123456789', ONLY_A: 'before' }),
      extendEnv: false,
      reject: false,
      cwd: home,
    });
    expect(result.stderr).toBe('');
    const env = JSON.parse(result.stdout);
    expect(env).toMatchObject({
      AIGATE_PROFILE: 'b',
      AIGATE_BASE_URL: 'https://b.test/v1',
      ANTHROPIC_BASE_URL: 'https://b.test',
      AIGATE_API_KEY: 'sk-b-0123456789',
      ANTHROPIC_AUTH_TOKEN: 'sk-b-0123456789',
      AIGATE_MODEL: 'mine', // set by the user after the first eval: theirs, not aigate's
      ONLY_A: 'before', // profile a's [env] value is taken back to what the user had
    });
  });
});
