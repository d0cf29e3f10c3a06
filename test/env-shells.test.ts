import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse as parseToml, stringify } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { AIGATE, cleanEnv, tempDir } from './support/cli.js';
import { hostileValues, seedFromEnv } from './support/fuzz.js';
import { has } from './support/tools.js';

const VALUES_PER_SHELL = 2000;
/** Prints the environment of a child process as JSON. */
const DUMP = 'process.stdout.write(JSON.stringify(process.env))';

/**
 * How each real shell evaluates `aigate env`, exactly as the README tells users to. `node` and
 * `bin` are how that shell names the node binary and aigate's launcher (AIGATE_NODE, AIGATE_BIN).
 */
const SHELLS: Record<string, { argv: string[]; flag: string; node: string; bin: string; evaluate: (command: string) => string; then: string; userSet: string }> = {
  bash: { argv: ['bash', '--norc', '--noprofile', '-c'], flag: 'bash', node: '"$AIGATE_NODE"', bin: '"$AIGATE_BIN"', evaluate: (c) => `eval "$(${c})"`, then: ' && ', userSet: 'export AIGATE_MODEL=mine' },
  zsh: { argv: ['zsh', '-f', '-c'], flag: 'zsh', node: '"$AIGATE_NODE"', bin: '"$AIGATE_BIN"', evaluate: (c) => `eval "$(${c})"`, then: ' && ', userSet: 'export AIGATE_MODEL=mine' },
  dash: { argv: ['dash', '-c'], flag: 'sh', node: '"$AIGATE_NODE"', bin: '"$AIGATE_BIN"', evaluate: (c) => `eval "$(${c})"`, then: ' && ', userSet: 'export AIGATE_MODEL=mine' },
  fish: { argv: ['fish', '--no-config', '-c'], flag: 'fish', node: '"$AIGATE_NODE"', bin: '"$AIGATE_BIN"', evaluate: (c) => `${c} | source`, then: '; and ', userSet: 'set -gx AIGATE_MODEL mine' },
  elvish: { argv: ['elvish', '-norc', '-c'], flag: 'elvish', node: '$E:AIGATE_NODE', bin: '$E:AIGATE_BIN', evaluate: (c) => `eval (${c} | slurp)`, then: '\n', userSet: 'set-env AIGATE_MODEL mine' },
  xonsh: { argv: ['xonsh', '--no-rc', '-c'], flag: 'xonsh', node: '$AIGATE_NODE', bin: '$AIGATE_BIN', evaluate: (c) => `execx($(${c}))`, then: '\n', userSet: "$AIGATE_MODEL = 'mine'" },
  // tcsh: the block is read from a script file (tcsh -c would need the line quoted once more).
  tcsh: { argv: ['tcsh', '-f'], flag: 'tcsh', node: '$AIGATE_NODE', bin: '$AIGATE_BIN', evaluate: (c) => 'eval "`' + c + '`"', then: '\n', userSet: 'setenv AIGATE_MODEL mine' },
  nu: {
    argv: ['nu', '--no-config-file', '-c'],
    flag: 'nu',
    node: '^$env.AIGATE_NODE',
    bin: '$env.AIGATE_BIN',
    evaluate: (c) => `${c} | from json | do --env { let c = $in; hide-env --ignore-errors ...$c.unset; load-env $c.set }`,
    then: '\n',
    userSet: "$env.AIGATE_MODEL = 'mine'",
  },
};

type ShellName = keyof typeof SHELLS;

/** Runs `steps` in the real shell (tcsh from a file) and returns what it printed. */
async function runShell(shell: ShellName, steps: string[], env: Record<string, string>, cwd: string) {
  const { argv, then } = SHELLS[shell]!;
  const script = steps.join(then);
  const file = join(cwd, 'script');
  writeFileSync(file, `${script}\n`);
  const args = shell === 'tcsh' ? [...argv.slice(1), file] : [...argv.slice(1), script];
  return execa(argv[0]!, args, { env, extendEnv: false, reject: false, cwd });
}

/** `aigate ARGS`, in the shell's syntax. */
const aigateIn = (shell: ShellName, args: string) => `${SHELLS[shell]!.node} ${SHELLS[shell]!.bin} ${args}`;
/** The node command that prints the environment, in the shell's syntax. */
const dump = (shell: ShellName) => `${SHELLS[shell]!.node} ${JSON.stringify(join(dumpDir, 'dump.cjs'))}`;
const dumpDir = tempDir();
writeFileSync(join(dumpDir, 'dump.cjs'), DUMP);

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
  const { evaluate } = SHELLS[shell]!;
  const result = await runShell(shell, [evaluate(aigateIn(shell, `env${options.shellFlag ? ` --shell ${options.shellFlag}` : ''}`)), dump(shell)], cleanEnv(home, {
    AIGATE_CONFIG: config,
    AIGATE_NODE: process.execPath,
    AIGATE_BIN: AIGATE,
    LANG: options.lang ?? 'C.UTF-8',
    AIGATE_API_KEY: 'sk-fuzz-0123456789abcdef',
    ...options.env,
  }), home); // were quoting ever wrong, a stray redirect lands in home, not in the repository
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return JSON.parse(result.stdout) as Record<string, string>;
}

/** What a shell cannot carry, and so is refused for it (see each shell's module). */
const CANNOT_CARRY: Partial<Record<ShellName, (value: string, lang: string) => boolean>> = {
  tcsh: (value, lang) => value.includes('\n') || (lang === 'C' && /[^\x00-\x7f]/.test(value)),
};

function mismatches(values: string[], env: Record<string, string>) {
  return values.flatMap((value, i) => (env[`V${i}`] === value ? [] : [{ name: `V${i}`, expected: value, got: env[`V${i}`] }]));
}

const available = Object.fromEntries(Object.keys(SHELLS).map((shell) => [shell, has(shell)])) as Record<ShellName, boolean>;

describe.each(Object.keys(SHELLS) as ShellName[])('aigate env evaluated by real %s', (shell) => {
  const shellFlag = SHELLS[shell]!.flag;
  const carried = (values: string[], lang = 'C.UTF-8') => values.filter((value) => !CANNOT_CARRY[shell]?.(value, lang));

  it.skipIf(!available[shell])(`round-trips ${VALUES_PER_SHELL} hostile values byte for byte`, async () => {
    const seed = seedFromEnv();
    const values = carried(hostileValues(seed, VALUES_PER_SHELL * 1.2)).slice(0, VALUES_PER_SHELL);
    const extra = Object.fromEntries(values.map((value, i) => [`V${i}`, value]));
    const env = await environmentAfterEval(shell, { extra, shellFlag });
    const wrong = mismatches(values, env);
    expect(wrong.slice(0, 5), `seed ${seed} (rerun with AIGATE_FUZZ_SEED=${seed}): ${wrong.length} values differ`).toEqual([]);
  });

  it.skipIf(!available[shell])('round-trips them under LANG=C too', async () => {
    const seed = seedFromEnv();
    const values = carried(hostileValues(seed, 500), 'C');
    const extra = Object.fromEntries(values.map((value, i) => [`V${i}`, value]));
    const env = await environmentAfterEval(shell, { extra, shellFlag, lang: 'C' });
    const wrong = mismatches(values, env);
    expect(wrong.slice(0, 5), `seed ${seed}: ${wrong.length} values differ`).toEqual([]);
  });

  it.skipIf(!available[shell])('detects the shell that evaluates it when --shell is not given', async () => {
    const quoted = carried(["it's \"$HOME\" `x`\n", "it's \"$HOME\" `x`!"])[0]!;
    const env = await environmentAfterEval(shell, { extra: { QUOTED: quoted } });
    expect(env.QUOTED).toBe(quoted);
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
    const { evaluate, userSet } = SHELLS[shell]!;
    const run = (profile: string) => evaluate(aigateIn(shell, `env --shell ${shellFlag} --profile ${profile}`));
    const result = await runShell(shell, [run('a'), userSet, run('b'), dump(shell)], cleanEnv(home, { AIGATE_CONFIG: config, AIGATE_NODE: process.execPath, AIGATE_BIN: AIGATE, AIGATE_API_KEY: 'sk-a-0123456789', B_KEY: 'sk-b-0123456789', ONLY_A: 'before' }), home);
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

describe('what a shell cannot carry is refused for that shell, in one line naming the variable', () => {
  const cases: Array<[string, string, Record<string, string>, RegExp]> = [
    ['tcsh', 'a line break', { MULTI: 'a\nb' }, /^aigate: the value of MULTI contains a line break, which tcsh cannot be handed on one line/],
    ['tcsh', 'non-ASCII outside a UTF-8 locale', { UNI: 'a\u2028b' }, /^aigate: the value of UNI has non-ASCII characters, which tcsh mangles outside a UTF-8 locale/],
    ['nu', 'a name nushell keeps for itself', { FILE_PWD: 'x' }, /^aigate: FILE_PWD is a variable nu keeps for itself/],
  ];
  it.each(cases)('%s: %s', async (shell, _what, extra, message) => {
    const home = tempDir();
    writeFileSync(join(home, 'config.toml'), stringify({ profiles: { default: { env: extra } } }));
    const result = await execa(process.execPath, [AIGATE, 'env', '--shell', shell], { env: cleanEnv(home, { AIGATE_CONFIG: join(home, 'config.toml'), AIGATE_API_KEY: 'sk-x-0123456789', LANG: 'C' }), extendEnv: false, reject: false });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
