import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { stringify } from 'smol-toml';
import { afterEach, describe, expect, it } from 'vitest';
import { shellCacheFile } from '../src/config/paths.js';
import { rcFiles } from '../src/integration/rc-file.js';
import { keyCommandLine } from '../src/agents/setup.js';
import { detectShell } from '../src/shells/detect.js';
import { AIGATE, aigate, cleanEnv, tempDir } from './support/cli.js';
import { hostileValues, seedFromEnv } from './support/fuzz.js';
import { InteractiveShell, POWERSHELL_SYNTAX } from './support/interactive.js';
import { has } from './support/tools.js';

const available = has('pwsh');
const KEY = 'sk-pwsh-0123456789abcdef';
/** The first lines of every script run here: the strictest a user's profile can be. */
const STRICT = "Set-StrictMode -Version Latest\n$ErrorActionPreference = 'Stop'\n";
/** Writes the environment of a child process, as JSON, to the file named by its argument. */
const DUMP = "require('fs').writeFileSync(process.argv[2], JSON.stringify(process.env))";
const QUIET = { POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off' };

const quote = POWERSHELL_SYNTAX.quote;
/** `aigate ARGS` as a PowerShell command, through this checkout's build. */
const aigateCall = (args: string) => `& ${quote(process.execPath)} ${quote(AIGATE)} ${args}`;

/** A sandbox: HOME with a config holding `document`, a plain scratch folder, and an environment. */
function sandbox(document: Record<string, unknown> = {}, extra: Record<string, string> = {}) {
  const home = join(tempDir('aigate-pwsh-'), `my "home" it's ü`);
  mkdirSync(join(home, '.config', 'aigate'), { recursive: true });
  writeFileSync(join(home, '.config', 'aigate', 'config.toml'), stringify(document));
  const scratch = tempDir();
  const env = cleanEnv(home, { ...QUIET, AIGATE_API_KEY: KEY, XDG_RUNTIME_DIR: join(scratch, 'run'), ...extra });
  mkdirSync(env.XDG_RUNTIME_DIR!, { mode: 0o700 });
  writeFileSync(join(scratch, 'dump.cjs'), DUMP);
  return { home, scratch, env };
}

/** Runs `script` in real pwsh (as a file, under strict mode) and returns the result. */
async function pwsh(script: string, env: Record<string, string>, cwd: string, input?: string) {
  const file = join(tempDir(), 'script.ps1');
  writeFileSync(file, STRICT + script);
  return execa('pwsh', ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', file], { env, extendEnv: false, cwd, reject: false, ...(input !== undefined && { input }) });
}

/** A PowerShell line that writes a child's environment to `out`, and reads it back afterwards. */
function dumper(scratch: string) {
  let n = 0;
  const files: string[] = [];
  return {
    line: () => {
      const out = join(scratch, `env-${++n}.json`);
      files.push(out);
      return `& ${quote(process.execPath)} ${quote(join(scratch, 'dump.cjs'))} ${quote(out)}`;
    },
    read: (i: number) => JSON.parse(readFileSync(files[i]!, 'utf8')) as Record<string, string>,
  };
}

describe.runIf(available)('aigate env, evaluated by real pwsh under Set-StrictMode and ErrorAction Stop', () => {
  const LOADERS = {
    'Out-String | Invoke-Expression': (args: string) => `${aigateCall(args)} | Out-String | Invoke-Expression`,
    'Invoke-Expression (& { … })': (args: string) => `Invoke-Expression (& { (${aigateCall(args)} | Out-String) })`,
  };

  it.each(Object.keys(LOADERS) as Array<keyof typeof LOADERS>)('round-trips 2,000 hostile values byte for byte, loaded with %s', async (loader) => {
    const seed = seedFromEnv();
    // Cut by code points: half a surrogate pair is not text, and no environment holds it.
    // As long as aigate lets a value be (16,384 UTF-16 units): long non-ASCII values once overflowed PowerShell's compiler.
    const points = Array.from(`${hostileValues(seed + 1, 400).join('')}’‘“”\``.repeat(20)).slice(0, 16_384);
    while (points.join('').length > 16_384) points.pop();
    const long = points.join('');
    const values = [...hostileValues(seed, 2000), long, 'x'.repeat(16_384)];
    const extra = Object.fromEntries(values.map((value, i) => [`V${i}`, value]));
    const { home, scratch, env } = sandbox({ profile: 'fuzz', profiles: { fuzz: { env: extra } } });
    const dump = dumper(scratch);
    const result = await pwsh(`${LOADERS[loader]('env --shell powershell')}\n${dump.line()}\n`, env, home);
    expect(result.stderr, `seed ${seed}`).toBe('');
    expect(result.exitCode).toBe(0);
    const child = dump.read(0);
    const wrong = values.flatMap((value, i) => (child[`V${i}`] === value ? [] : [i]));
    expect(wrong.slice(0, 5), `seed ${seed} (rerun with AIGATE_FUZZ_SEED=${seed}): ${wrong.length} values differ`).toEqual([]);
  });

  it('round-trips them under LANG=C and detects pwsh when --shell is not given', async () => {
    const seed = seedFromEnv();
    const values = hostileValues(seed, 500);
    const { home, scratch, env } = sandbox({ profile: 'fuzz', profiles: { fuzz: { env: Object.fromEntries(values.map((v, i) => [`V${i}`, v])) } } }, { LANG: 'C' });
    const dump = dumper(scratch);
    const result = await pwsh(`${LOADERS['Out-String | Invoke-Expression']('env')}\n${dump.line()}\n`, env, home);
    expect(result.stderr).toBe('');
    const child = dump.read(0);
    expect(values.filter((v, i) => child[`V${i}`] !== v), `seed ${seed}`).toEqual([]);
    expect(child.AIGATE_PROFILE).toBe('fuzz');
  });

  it('switches profiles, keeps the user\'s edits, and `off` restores what the user had', async () => {
    const { home, scratch, env } = sandbox(
      { profile: 'a', profiles: { a: { base_url: 'https://a.test/v1', env: { ONLY_A: 'a' } }, b: { base_url: 'https://b.test', api_key_env: 'B_KEY' } } },
      { ANTHROPIC_API_KEY: 'sk-ant-users-own', CLAUDE_CODE_USE_BEDROCK: '1', B_KEY: 'sk-b-0123456789', ONLY_A: 'before' },
    );
    const dump = dumper(scratch);
    const load = LOADERS['Out-String | Invoke-Expression'];
    const script = [
      load('env --shell powershell --profile a'),
      dump.line(),
      "$env:AIGATE_MODEL = 'mine'",
      load('env --shell pwsh --profile b'),
      dump.line(),
      load('off --shell powershell'),
      dump.line(),
    ].join('\n');
    const result = await pwsh(script, env, home);
    expect(result.stderr).toBe('');
    expect(dump.read(0)).toMatchObject({ AIGATE_PROFILE: 'a', AIGATE_BASE_URL: 'https://a.test/v1', ONLY_A: 'a', ANTHROPIC_AUTH_TOKEN: KEY });
    expect(dump.read(0)).not.toHaveProperty('ANTHROPIC_API_KEY');
    expect(dump.read(0)).not.toHaveProperty('CLAUDE_CODE_USE_BEDROCK');
    expect(dump.read(1)).toMatchObject({ AIGATE_PROFILE: 'b', ANTHROPIC_BASE_URL: 'https://b.test', AIGATE_API_KEY: 'sk-b-0123456789', AIGATE_MODEL: 'mine', ONLY_A: 'before' });
    const off = dump.read(2);
    for (const gone of ['AIGATE_PROFILE', 'AIGATE_BASE_URL', 'AIGATE_STATE', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_BASE_URL', 'ANTHROPIC_MODEL']) expect(off).not.toHaveProperty(gone);
    expect(off).toMatchObject({ ANTHROPIC_API_KEY: 'sk-ant-users-own', CLAUDE_CODE_USE_BEDROCK: '1', AIGATE_API_KEY: KEY, ONLY_A: 'before' });
  });
});

describe.runIf(available)('generated PowerShell is Windows PowerShell 5.1 code', () => {
  const checker = join(import.meta.dirname, 'support', 'windows-powershell-syntax.ps1');
  const check = async (files: string[]) => (await execa('pwsh', ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', checker, ...files], { reject: false, env: { ...process.env, ...QUIET } })).stdout;

  it('the checker finds what 5.1 lacks (??, ?., ternary, && and ||, -AsHashtable, $IsLinux, parse errors)', async () => {
    const file = join(tempDir(), 'seven.ps1');
    writeFileSync(file, "$a = $b ?? 1\n$c = ${d}?.e\n$f = $g ? 1 : 2\ngit status && echo ok\n$h = '{}' | ConvertFrom-Json -AsHashtable\nif ($IsLinux) { }\n$i ??= 3\n");
    const out = await check([file]);
    for (const line of [2, 3, 4, 5, 6, 7]) expect(out).toContain(`seven.ps1:${line}:`);
    expect(out).toContain('seven.ps1:1:6: not in Windows PowerShell 5.1: BinaryExpressionAst');
    const broken = join(tempDir(), 'broken.ps1');
    writeFileSync(broken, 'function f {\n');
    expect(await check([broken])).toMatch(/broken\.ps1:\d+:\d+: parse error/);
  });

  it('every script aigate prints or writes for PowerShell parses, and uses none of it', async () => {
    const values = hostileValues(seedFromEnv(), 200);
    const { home, scratch, env } = sandbox({ profiles: { default: { env: Object.fromEntries(values.map((v, i) => [`V${i}`, v])) } } }, { ANTHROPIC_API_KEY: 'sk-ant-x' });
    const files: string[] = [];
    const save = (name: string, text: string) => {
      const file = join(scratch, name);
      writeFileSync(file, text);
      files.push(file);
    };
    for (const [name, args] of Object.entries({
      'init.ps1': ['init', 'powershell'],
      'env.ps1': ['env', '--shell', 'powershell'],
      'hook.ps1': ['env', '--shell', 'powershell', '--hook'],
      'off.ps1': ['off', '--shell', 'powershell'],
      'completion.ps1': ['completion', 'powershell'],
    })) {
      const result = await aigate(args, env, { cwd: home });
      expect(result.exitCode, `${name}: ${result.stderr}`).toBe(0);
      save(name, result.stdout);
    }
    expect((await aigate(['install', '--shell', 'powershell'], env)).exitCode).toBe(0);
    files.push(rcFiles('powershell', env)[0]!, shellCacheFile(env, 'powershell'));
    files.push(...['aigate.ps1', 'aigate.session.ps1'].map((name) => join(import.meta.dirname, '..', 'shells', name)));
    expect(files.every((file) => existsSync(file))).toBe(true);
    expect(await check(files)).toBe('');
  });
});

describe.runIf(available)('the PowerShell integration at start', () => {
  /** Installs the integration with a counting stand-in for aigate; returns a way to start pwsh and the count. */
  async function counted(runDir: (home: string, scratch: string) => string) {
    const { home, scratch, env: base } = sandbox();
    const env = { ...base, XDG_RUNTIME_DIR: runDir(home, scratch) };
    mkdirSync(env.XDG_RUNTIME_DIR, { recursive: true, mode: 0o700 });
    expect((await aigate(['install', '--shell', 'powershell'], env)).exitCode).toBe(0);
    const profile = rcFiles('powershell', env)[0]!;
    const log = join(scratch, 'runs.log');
    const counting = join(scratch, 'counting-aigate');
    writeFileSync(counting, `#!/bin/sh\necho "$*" >> '${log}'\nexec '${process.execPath}' '${AIGATE}' "$@"\n`, { mode: 0o755 });
    writeFileSync(profile, readFileSync(profile, 'utf8').replaceAll(AIGATE, counting));
    const start = async (changes: Record<string, string> = {}, cwd = home) => {
      const result = await execa('pwsh', ['-NoLogo', '-Command', "'modules:' + ((Get-Module).Name -join ','); 'profile:' + $env:AIGATE_PROFILE; 'url:' + $env:AIGATE_BASE_URL; 'session read:' + [bool]$function:_aigate_refresh"], { env: { ...env, ...changes }, extendEnv: false, cwd, reject: false });
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('profile:default');
      return result.stdout;
    };
    return { start, home, env, scratch, runs: () => readFileSync(log, 'utf8').trim().split('\n').length };
  }

  it('starts from the warm cache without node and without loading a module (each costs 100 ms or more)', async () => {
    const { start, runs } = await counted((home) => join(home, 'run'));
    await start();
    expect(runs()).toBe(1); // the first shell asks aigate
    const second = await start();
    expect(second).toContain('modules:\n');
    // Input redirected (a script, an agent's command): no prompt will come, so the rest is not read.
    expect(second).toContain('session read:False');
    expect(runs()).toBe(1); // the second one does not
  });

  it('takes the cache only for the directory\'s own project: made elsewhere, or a project file since, aigate runs', async () => {
    const { start, runs, home, env } = await counted((home) => join(home, 'run'));
    const project = join(home, 'src', 'app');
    mkdirSync(join(project, 'deep'), { recursive: true });
    writeFileSync(join(project, '.aigate.toml'), 'base_url = "https://project.test/v1"\n');
    expect((await aigate(['trust', project], env)).exitCode).toBe(0);
    const url = async (cwd: string) => /url:(.*)/.exec(await start({}, cwd))![1];
    expect(await url(project)).toBe('https://project.test/v1');
    expect(runs()).toBe(1);
    expect(await url(project)).toBe('https://project.test/v1');
    expect(runs()).toBe(1); // the same directory: the cache, without the walk up
    expect(await url(join(project, 'deep'))).toBe('https://project.test/v1');
    expect(runs()).toBe(1); // another directory of the same project: the cache, after the walk up
    expect(await url(home)).not.toBe('https://project.test/v1');
    expect(runs()).toBe(2); // no project here: aigate
    // A project file appears above the directory the cache was made in.
    mkdirSync(join(home, 'src', 'other'));
    expect(await url(join(home, 'src', 'other'))).not.toBe('https://other.test/v1');
    expect(runs()).toBe(2);
    writeFileSync(join(home, 'src', '.aigate.toml'), 'base_url = "https://other.test/v1"\n');
    expect((await aigate(['trust', join(home, 'src')], env)).exitCode).toBe(0);
    expect(await url(join(home, 'src', 'other'))).toBe('https://other.test/v1');
    expect(runs()).toBe(3);
  });

  it('reads only the cache its installed block names (after su, XDG_RUNTIME_DIR may name another user\'s)', async () => {
    const { start, runs, scratch } = await counted((home) => join(home, 'run'));
    await start();
    // Another user's folder, with a cache that would run code: this user's block never names it.
    const other = join(scratch, 'run-of-another-user');
    mkdirSync(join(other, 'aigate'), { recursive: true, mode: 0o700 });
    const canary = join(scratch, 'CANARY');
    writeFileSync(join(other, 'aigate', 'env.powershell'), `[System.IO.File]::WriteAllText(${quote(canary)}, 'ran')\n`, { mode: 0o600 });
    await start({ XDG_RUNTIME_DIR: other });
    expect(existsSync(canary)).toBe(false);
    expect(runs()).toBe(1); // its own cache still applied
  });
});

describe.runIf(available)('the PowerShell integration, in interactive pwsh', () => {
  const open: InteractiveShell[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((shell) => shell.stop()));
  });

  /** A HOME with a trusted project and the integration installed, the profile holding `before` and `after` around aigate's block. */
  async function withProfile(before: string, after = '') {
    const { home, env } = sandbox({ profiles: { default: { base_url: 'https://default.test/v1' } } });
    mkdirSync(join(home, 'src', 'trusted'), { recursive: true });
    writeFileSync(join(home, 'src', 'trusted', '.aigate.toml'), 'base_url = "https://trusted.test/v1"\n');
    expect((await aigate(['trust', join(home, 'src', 'trusted')], env)).exitCode).toBe(0);
    const profile = rcFiles('powershell', env)[0]!;
    mkdirSync(join(profile, '..'), { recursive: true });
    if (before) writeFileSync(profile, before);
    expect((await aigate(['install', '--shell', 'powershell'], env)).exitCode).toBe(0);
    if (after) writeFileSync(profile, readFileSync(profile, 'utf8') + after);
    const sh = await InteractiveShell.start(['pwsh', '-NoLogo'], home, env, POWERSHELL_SYNTAX);
    open.push(sh);
    return { home, env, sh };
  }

  // A prompt like starship's and oh-my-posh's: it shows $? and $LASTEXITCODE.
  const USER_PROMPT = "function global:prompt { \"[$?|$LASTEXITCODE] mine> \" }\n";
  const withPrompt = (where: 'before' | 'after') => (where === 'before' ? withProfile(USER_PROMPT) : withProfile('', USER_PROMPT));

  /** The last prompt on the screen. */
  const lastPrompt = async (sh: InteractiveShell) => (await sh.screen()).trimEnd().split('\n').at(-1);

  it.each(['before', 'after'] as const)('keeps the user\'s own prompt, $? and $LASTEXITCODE, with that prompt defined %s aigate\'s', async (where) => {
    const { home, sh } = await withPrompt(where);
    expect((await sh.environment()).AIGATE_BASE_URL).toBe('https://default.test/v1');
    // Once idle, a prompt defined later is wrapped too: wait for that.
    for (let i = 0; i < 20; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500)); // PowerShell is idle after 300 ms without input
      await sh.type('$global:_aigate_wrapped = [object]::ReferenceEquals($function:prompt, $global:_aigate_prompt)');
      await sh.type('if ($global:_aigate_wrapped) { "WRAPPED" }');
      if ((await sh.screen()).includes('\nWRAPPED')) break;
    }
    expect(await sh.screen()).toContain('\nWRAPPED');
    await sh.send("sh -c 'exit 3'");
    await sh.waitForScreen('[False|3] mine>');
    await sh.type('$null');
    expect(await lastPrompt(sh)).toMatch(/\[True\|3\] mine>$/);
    await sh.type('cd src/trusted');
    expect(await lastPrompt(sh)).toMatch(/\[True\|3\] mine>$/);
    expect((await sh.environment()).AIGATE_BASE_URL).toBe('https://trusted.test/v1');
    // A config edit is picked up at the next prompt.
    writeFileSync(join(home, '.config', 'aigate', 'config.toml'), '[profiles.default]\nbase_url = "https://edited.test"\n');
    await sh.type('cd ../..');
    expect((await sh.environment()).AIGATE_BASE_URL).toBe('https://edited.test/v1');
    writeFileSync(join(home, '.config', 'aigate', 'config.toml'), '[profiles.default]\nbase_url = "https://edited-again.test"\n');
    await sh.type('$null');
    expect((await sh.environment()).AIGATE_BASE_URL).toBe('https://edited-again.test/v1');
  });

  it('without PSReadLine (as with a screen reader), reads the rest at start: the prompt and `cd` still apply a project', async () => {
    const { sh } = await withProfile('Remove-Module PSReadLine -Force\n');
    // No PSReadLine, so no idle event: the prompt was wrapped at start.
    await sh.type('if (-not $function:PSConsoleHostReadLine -and [object]::ReferenceEquals($function:prompt, $global:_aigate_prompt)) { "WRAPPED" }');
    expect(await sh.screen()).toContain('\nWRAPPED');
    await sh.type('cd src/trusted');
    expect((await sh.environment()).AIGATE_BASE_URL).toBe('https://trusted.test/v1');
  });

  it('applies a project on `cd` through LocationChangedAction, with no prompt in between', async () => {
    const { sh } = await withPrompt('after');
    await sh.type(`cd src/trusted; ${sh.noop}; ${POWERSHELL_SYNTAX.call(process.execPath, '-e', 'process.stdout.write("URL=" + process.env.AIGATE_BASE_URL)')}; cd ../..`);
    expect(await sh.screen()).toContain('URL=https://trusted.test/v1');
  });
});

describe.runIf(available)('aigate completion powershell, through TabExpansion2', () => {
  it('completes subcommands, flags, shells and profile names, the names as data', async () => {
    const { home, scratch, env } = sandbox({ profiles: { work: {}, 'a.b-c_d': {} } });
    // Hostile names in a hand-edited file: never offered, never run.
    const config = join(home, '.config', 'aigate', 'config.toml');
    writeFileSync(config, `${readFileSync(config, 'utf8')}\n[profiles."$(New-Item CANARY)"]\n[profiles."x'; New-Item CANARY; '"]\n`);
    mkdirSync(join(scratch, 'bin'));
    symlinkSync(AIGATE, join(scratch, 'bin', 'aigate'));
    const complete = (line: string) => `(TabExpansion2 -inputScript ${quote(line)} -cursorColumn ${line.length}).CompletionMatches | ForEach-Object { 'C:' + $_.CompletionText }`;
    const lines = ['aigate un', 'aigate env --', 'aigate env --shell ', 'aigate use ', 'aigate env --profile w', 'aigate install '];
    const script = [`aigate completion powershell | Out-String | Invoke-Expression`, ...lines.flatMap((line) => [`'--- ${line}'`, complete(line)])].join('\n');
    const result = await pwsh(script, { ...env, PATH: `${join(scratch, 'bin')}:${env.PATH}` }, home);
    expect(result.stderr).toBe('');
    const answers = Object.fromEntries(result.stdout.split('--- ').slice(1).map((block) => {
      const [line, ...rest] = block.split('\n');
      return [line, rest.filter((l) => l.startsWith('C:')).map((l) => l.slice(2))];
    }));
    expect(answers['aigate un']).toEqual(expect.arrayContaining(['uninstall', 'untrust']));
    expect(answers['aigate env --']).toEqual(expect.arrayContaining(['--shell', '--profile', '--explain']));
    expect(answers['aigate env --shell ']).toEqual(expect.arrayContaining(['bash', 'fish', 'powershell', 'dotenv']));
    expect(answers['aigate use ']).toEqual(['default', 'work', 'a.b-c_d']);
    expect(answers['aigate env --profile w']).toEqual(['work']);
    // install takes no shell as an argument (the CLI refuses one): only its flag is offered.
    expect(answers['aigate install ']).toEqual(['--shell']);
    expect(existsSync(join(home, 'CANARY'))).toBe(false);
    // Every word offered after a command is one the CLI takes there.
    for (const line of lines.filter((l) => !l.endsWith('-') && l.split(' ').length === 3 && !l.includes('--'))) {
      for (const word of answers[line]!.filter((w: string) => !w.startsWith('-'))) {
        const outcome = await aigate([...line.trim().split(' ').slice(1), word], env, { cwd: home });
        expect(outcome.stderr, `${line}${word}`).not.toMatch(/Unused args|unknown|see `aigate --help`/);
      }
    }
  });
});

describe.runIf(available)('the integration without node', () => {
  it('says so in one line, not PowerShell\'s error record, and pauses', async () => {
    const { home, scratch, env } = sandbox();
    // Every program of /usr/bin but node, and pwsh.
    const bin = join(scratch, 'bin');
    mkdirSync(bin);
    for (const name of readdirSync('/usr/bin')) if (!/^node/.test(name)) symlinkSync(join('/usr/bin', name), join(bin, name));
    const pwshDir = dirname(execFileSync('sh', ['-c', 'command -v pwsh'], { encoding: 'utf8' }).trim());
    const script = `$global:_AIGATE_BIN = ${quote(AIGATE)}\n. ${quote(join(import.meta.dirname, '..', 'shells', 'aigate.ps1'))}\n'loaded'\n`;
    const result = await pwsh(script, { ...env, PATH: `${bin}:${pwshDir}` }, home);
    expect(result.stdout.trim()).toBe('loaded');
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^aigate: node was not found on PATH \(aigate needs Node\.js 20 or later\); the shell integration is paused/)]);
  });
});

describe.runIf(available)('aigate run from pwsh', () => {
  /** Both ways `aigate` is called in PowerShell: the integration's function, and the program on PATH. */
  const WAYS = {
    'the aigate function': () => `Invoke-Expression (${aigateCall('init powershell')} | Out-String)\n`,
    'the aigate program': () => '',
  };
  const setup = () => {
    const { home, scratch, env } = sandbox();
    mkdirSync(join(scratch, 'bin'));
    symlinkSync(AIGATE, join(scratch, 'bin', 'aigate'));
    writeFileSync(join(scratch, 'args.cjs'), "require('fs').writeFileSync(process.argv[2], JSON.stringify({ args: process.argv.slice(3), stdin: require('fs').readFileSync(0, 'utf8') }))");
    return { home, scratch, env: { ...env, PATH: `${join(scratch, 'bin')}:${env.PATH}` } };
  };

  it.each(Object.keys(WAYS) as Array<keyof typeof WAYS>)('through %s: arguments arrive verbatim and stdin pipes through', async (way) => {
    const { home, scratch, env } = setup();
    // Not a quoted '--%': PowerShell 7 drops that from every native command's arguments (PowerShell #11608).
    const args = ['', 'a b', '"double"', "it's", '$x', '$(New-Item CANARY)', '`n', 'ü’', '-x', '--', '%PATH%'];
    const out = join(scratch, 'out.json');
    const script = `${WAYS[way]()}"line one", "line two" | aigate run node ${quote(join(scratch, 'args.cjs'))} ${quote(out)} ${args.map(quote).join(' ')}\n`;
    const result = await pwsh(script, env, home);
    expect(result.stderr).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ args, stdin: 'line one\nline two\n' });
    expect(existsSync(join(home, 'CANARY'))).toBe(false);
  });

  it('passes a stop-parsing --% on as PowerShell does to the program itself', async () => {
    const { home, scratch, env } = setup();
    const outs = [1, 2, 3].map((n) => join(scratch, `out-${n}.json`));
    const tail = ' x --% a "b c" $HOME';
    const script = [
      `${WAYS['the aigate function']()}node ${quote(join(scratch, 'args.cjs'))} ${quote(outs[0]!)}${tail}`,
      `aigate run node ${quote(join(scratch, 'args.cjs'))} ${quote(outs[1]!)}${tail}`,
      `& (Get-Command aigate -CommandType Application) run node ${quote(join(scratch, 'args.cjs'))} ${quote(outs[2]!)}${tail}`,
    ].join('\n');
    const result = await pwsh(`${script}\n`, env, home, '');
    expect(result.stderr).toBe('');
    const [direct, viaFunction, viaProgram] = outs.map((out) => JSON.parse(readFileSync(out, 'utf8')).args);
    expect(direct).toEqual(['x', 'a', '"b', 'c"', '$HOME']);
    expect(viaFunction).toEqual(direct);
    expect(viaProgram).toEqual(direct);
  });

  it.each(Object.keys(WAYS) as Array<keyof typeof WAYS>)('through %s: exit codes 0–255 come back in $LASTEXITCODE', async (way) => {
    const { home, env } = setup();
    // Four sessions share the 256 codes.
    const results = await Promise.all([0, 1, 2, 3].map(async (part) => {
      const codes = Array.from({ length: 64 }, (_, i) => i * 4 + part);
      const script = `${WAYS[way]()}${codes.map((code) => `aigate run sh -c 'exit ${code}'; 'code:' + $LASTEXITCODE`).join('\n')}\n`;
      const result = await pwsh(script, env, home);
      expect(result.stderr).toBe('');
      return result.stdout.split('\n').filter((l) => l.startsWith('code:')).map((l) => Number(l.slice(5))).map((got, i) => [codes[i], got]);
    }));
    const pairs = results.flat();
    expect(pairs).toHaveLength(256);
    expect(pairs.filter(([want, got]) => want !== got)).toEqual([]);
    // 256 launches of node through pwsh: a minute or more on a loaded two-core machine.
  }, 240_000);
});

describe('Windows facts, as logic with the platform given', () => {
  it('installs into both editions\' CurrentUserCurrentHost profiles under Documents', () => {
    const env = { USERPROFILE: 'C:\\Users\\Ana Lee', HOME: '' };
    expect(rcFiles('powershell', env, 'win32').map((file) => file.replaceAll('/', '\\'))).toEqual([
      'C:\\Users\\Ana Lee\\Documents\\PowerShell\\Microsoft.PowerShell_profile.ps1',
      'C:\\Users\\Ana Lee\\Documents\\WindowsPowerShell\\Microsoft.PowerShell_profile.ps1',
    ]);
  });

  it('has Claude Code call `aigate key` through the npm .cmd shim on PATH, with the profile unquoted', () => {
    expect(keyCommandLine('C:\\x\\bin\\aigate.cjs', 'work', 'win32')).toBe('aigate key --profile work');
    expect(keyCommandLine('/opt/aigate/bin/aigate.cjs', 'work', 'linux')).toBe("'/opt/aigate/bin/aigate.cjs' key --profile 'work'");
  });

  it('takes PowerShell as the shell on Windows when nothing says otherwise', () => {
    expect(detectShell({}, 'win32')).toBe('powershell');
    expect(detectShell({ SHELL: 'C:\\Program Files\\Git\\bin\\bash.exe' }, 'win32')).toBe('bash');
  });
});
