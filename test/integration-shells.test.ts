import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffArrays } from 'diff';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { AIGATE, aigate, cleanEnv, tempDir } from './support/cli.js';
import { type CommandSyntax, ELVISH_SYNTAX, InteractiveShell, NU_SYNTAX, POWERSHELL_SYNTAX, XONSH_SYNTAX } from './support/interactive.js';
import { has } from './support/tools.js';

const KEY = 'sk-integration-0123456789';
const SHELLS: Record<string, { argv: string[]; rc: string; userLine: string; setModel: string; syntax?: CommandSyntax }> = {
  bash: { argv: ['bash', '-i'], rc: '.bashrc', userLine: 'export FOO=1', setModel: 'export AIGATE_MODEL=mine' },
  zsh: { argv: ['zsh', '-i'], rc: '.zshrc', userLine: 'export FOO=1', setModel: 'export AIGATE_MODEL=mine' },
  fish: { argv: ['fish', '-i'], rc: '.config/fish/conf.d/aigate.fish', userLine: '', setModel: 'set -gx AIGATE_MODEL mine' },
  pwsh: {
    argv: ['pwsh', '-NoLogo'],
    rc: '.config/powershell/Microsoft.PowerShell_profile.ps1',
    userLine: "$env:FOO = '1'",
    setModel: "$env:AIGATE_MODEL = 'mine'",
    syntax: POWERSHELL_SYNTAX,
  },
  xonsh: { argv: ['xonsh', '-i'], rc: '.xonshrc', userLine: "$FOO = '1'", setModel: "$AIGATE_MODEL = 'mine'", syntax: XONSH_SYNTAX },
  elvish: { argv: ['elvish'], rc: '.config/elvish/rc.elv', userLine: 'set-env FOO 1', setModel: 'set-env AIGATE_MODEL mine', syntax: ELVISH_SYNTAX },
  nu: { argv: ['nu'], rc: '.config/nushell/autoload/aigate.nu', userLine: '', setModel: "$env.AIGATE_MODEL = 'mine'", syntax: NU_SYNTAX },
};
type ShellName = keyof typeof SHELLS;

const open: InteractiveShell[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((shell) => shell.stop()));
});

/**
 * An isolated HOME with two profiles, a trusted and an untrusted project, and the user's own
 * variables. Its path has a space, both quotes and non-ASCII, as real homes and projects do.
 */
function home() {
  const dir = join(tempDir('aigate-shell-'), `it's a "home" ü`);
  mkdirSync(join(dir, '.config', 'aigate'), { recursive: true });
  writeFileSync(
    join(dir, '.config', 'aigate', 'config.toml'),
    '[profiles.default]\nbase_url = "https://default.test/v1"\n[profiles.work]\nbase_url = "https://work.test"\nmodel = "work/model"\n',
  );
  const projects = {
    trusted: 'base_url = "https://trusted.test/v1"\n[env]\nPROJECT_VAR = "p"\n',
    untrusted: 'base_url = "https://evil.test/v1"\nmodel = "project/model"\n',
    // Past Linux's 128 KiB a variable, no program could start in the shell (aigate off included).
    hostile: `model = "${'m'.repeat(200_000)}"\n`,
  };
  for (const [name, text] of Object.entries(projects)) {
    mkdirSync(join(dir, 'src', name), { recursive: true });
    writeFileSync(join(dir, 'src', name, '.aigate.toml'), text);
  }
  const env = cleanEnv(dir, {
    AIGATE_API_KEY: KEY,
    ANTHROPIC_API_KEY: 'sk-ant-users-own',
    ZDOTDIR: dir,
    XDG_RUNTIME_DIR: join(dir, 'run'),
    XDG_DATA_HOME: join(dir, '.local', 'share'),
    PS1: '$ ',
    fish_greeting: '',
    POWERSHELL_TELEMETRY_OPTOUT: '1',
    XONSH_SHOW_TRACEBACK: 'True',
    POWERSHELL_UPDATECHECK: 'Off',
  });
  mkdirSync(env.XDG_RUNTIME_DIR!, { mode: 0o700 });
  return { dir, env };
}

describe.each(Object.keys(SHELLS) as ShellName[])('the %s integration, in a real interactive shell', (name) => {
  const shell = SHELLS[name]!;
  const available = has(name) && has('tmux');

  it.runIf(available)('install, new shell, use, off, projects with and without trust, uninstall', async () => {
    const { dir, env } = home();
    const rc = join(dir, shell.rc);
    mkdirSync(join(rc, '..'), { recursive: true });
    const original = name === 'fish' || name === 'nu' ? undefined : `# my rc\n${shell.userLine}`; // no final newline, on purpose
    if (original !== undefined) writeFileSync(rc, original);

    const install = await aigate(['install', '--shell', name], env);
    expect(install.exitCode, install.stderr).toBe(0);
    expect((await aigate(['install', '--shell', name], env)).stdout).toContain('already installed');
    expect((await aigate(['trust', join(dir, 'src', 'trusted')], env)).exitCode).toBe(0);

    const sh = await InteractiveShell.start([...shell.argv], dir, env, shell.syntax);
    open.push(sh);
    let vars = await sh.environment();
    expect(vars).toMatchObject({ AIGATE_PROFILE: 'default', AIGATE_BASE_URL: 'https://default.test/v1', ANTHROPIC_AUTH_TOKEN: KEY });
    expect(vars).not.toHaveProperty('ANTHROPIC_API_KEY');

    await sh.type('aigate use work');
    vars = await sh.environment();
    expect(vars).toMatchObject({ AIGATE_PROFILE: 'work', AIGATE_BASE_URL: 'https://work.test/v1', AIGATE_MODEL: 'work/model', ANTHROPIC_BASE_URL: 'https://work.test' });

    await sh.type('aigate off');
    vars = await sh.environment();
    for (const gone of ['AIGATE_PROFILE', 'AIGATE_BASE_URL', 'AIGATE_MODEL', 'AIGATE_STATE', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_BASE_URL', 'ANTHROPIC_MODEL']) {
      expect(vars).not.toHaveProperty(gone);
    }
    expect(vars).toMatchObject({ ANTHROPIC_API_KEY: 'sk-ant-users-own', AIGATE_API_KEY: KEY });
    await sh.type('cd src/trusted'); // off stays off, project or not
    expect(await sh.environment()).not.toHaveProperty('AIGATE_PROFILE');
    await sh.type('cd ../..');

    await sh.type('aigate use default');
    await sh.type('cd src/trusted');
    vars = await sh.environment();
    expect(vars).toMatchObject({ AIGATE_BASE_URL: 'https://trusted.test/v1', PROJECT_VAR: 'p' });
    await sh.type('cd ..');
    vars = await sh.environment();
    expect(vars.AIGATE_BASE_URL).toBe('https://default.test/v1');
    expect(vars).not.toHaveProperty('PROJECT_VAR');

    await sh.type('cd untrusted');
    vars = await sh.environment();
    expect(vars.AIGATE_BASE_URL).toBe('https://default.test/v1'); // a cloned repository cannot redirect the key
    expect(vars.AIGATE_MODEL).toBe('project/model'); // model ids need no trust
    await sh.type(sh.both('cd ..', 'cd untrusted'));
    const notices = (await sh.screen()).split('\n').filter((line) => line.includes('is not trusted'));
    expect(notices).toHaveLength(1); // once, not at every visit

    // A cloned repository with a 200,000-character model id: refused in one notice, and programs still start.
    await sh.type('cd ../hostile');
    vars = await sh.environment(); // itself a program started by the shell
    expect(vars.AIGATE_MODEL).toBe('project/model');
    expect((await sh.screen()).replaceAll('\n', '').match(/longer than aigate allows/g)).toHaveLength(1); // the notice may wrap
    await sh.type('cd ../untrusted');

    const uninstall = await aigate(['uninstall', '--shell', name], env);
    expect(uninstall.exitCode, uninstall.stderr).toBe(0);
    if (original === undefined) expect(() => readFileSync(rc)).toThrow(/ENOENT/);
    else expect(readFileSync(rc, 'utf8')).toBe(original);
  });

  it.runIf(available)('runs aigate only when something changed: not at a prompt where nothing did', async () => {
    const { dir, env } = home();
    await aigate(['install', '--shell', name], env);
    // A stand-in for the installed aigate that counts its runs, then runs the real one.
    const plain = tempDir(); // a path the wrapper can quote simply
    const log = join(plain, 'runs.log');
    const counting = join(plain, 'counting-aigate');
    writeFileSync(counting, `#!/bin/sh\necho "$*" >> '${log}'\nexec '${process.execPath}' '${AIGATE}' "$@"\n`, { mode: 0o755 });
    const rc = join(dir, shell.rc);
    writeFileSync(rc, readFileSync(rc, 'utf8').replaceAll(AIGATE, counting));
    const runs = () => readFileSync(log, 'utf8').trim().split('\n').length;
    const sh = await InteractiveShell.start([...shell.argv], dir, env, shell.syntax);
    open.push(sh);
    const atStart = runs();
    for (let i = 0; i < 5; i++) await sh.type(sh.noop);
    await sh.type('cd src'); // a directory with the same project (none)
    expect(runs()).toBe(atStart);
    await sh.type('cd trusted'); // another project
    expect(runs()).toBe(atStart + 1);
    await sh.type('cd ..');
    const afterProjects = runs();
    writeFileSync(join(dir, '.config', 'aigate', 'config.toml'), '[profiles.default]\nbase_url = "https://edited.test"\n');
    await sh.type(sh.noop);
    expect(runs()).toBe(afterProjects + 1);
    expect((await sh.environment()).AIGATE_BASE_URL).toBe('https://edited.test/v1');
    await sh.type(shell.setModel);
    expect((await sh.environment()).AIGATE_MODEL).toBe('mine');
    expect(runs()).toBe(afterProjects + 2);

    // A second shell starts from the cache: no aigate run at all.
    const second = await InteractiveShell.start([...shell.argv], dir, env, shell.syntax);
    open.push(second);
    const before = runs();
    expect((await second.environment()).AIGATE_BASE_URL).toBe('https://edited.test/v1');
    expect(runs()).toBe(before);
  });

  it.runIf(available)('starts with one line on stderr at most when the config is broken or aigate is missing', async () => {
    for (const breakIt of ['config', 'binary'] as const) {
      const { dir, env } = home();
      await aigate(['install', '--shell', name], env);
      if (breakIt === 'config') writeFileSync(join(dir, '.config', 'aigate', 'config.toml'), '[profiles.default\n');
      const rc = join(dir, shell.rc);
      if (breakIt === 'binary') writeFileSync(rc, readFileSync(rc, 'utf8').replaceAll(AIGATE, join(tempDir(), 'no-such-aigate')));
      const sh = await InteractiveShell.start([...shell.argv], dir, env, shell.syntax);
      open.push(sh);
      await sh.type('echo one');
      await sh.type('echo two');
      // Counted on the whole screen: under load the message may share a line with what was typed early.
      const messages = (await sh.screen()).match(/aigate: /g) ?? [];
      expect(messages, `${breakIt}:\n${await sh.screen()}`).toHaveLength(1);
      await sh.stop();
    }
  });
});

describe('the integration scripts', () => {
  const script = (name: string) => join(import.meta.dirname, '..', 'shells', name);

  it.runIf(has('shellcheck'))('pass shellcheck (bash)', async () => {
    const result = await execa('shellcheck', [script('aigate.bash')], { reject: false });
    expect(result.stdout + result.stderr).toBe('');
  });

  it.runIf(has('zsh'))('pass zsh -n', async () => {
    expect((await execa('zsh', ['-n', script('aigate.zsh')], { reject: false })).exitCode).toBe(0);
  });

  it.runIf(has('fish'))('pass fish --no-execute', async () => {
    expect((await execa('fish', ['--no-execute', script('aigate.fish')], { reject: false })).exitCode).toBe(0);
  });

  it('bash and zsh differ only where a listed difference says, each with its reason', () => {
    // Each line that is in one script and not the other must be one of these.
    const ALLOWED: Array<[RegExp, string]> = [
      [/^# (aigate shell integration for|Load it with)/, 'the header names the shell and its rc file'],
      [/^\s*# shellcheck /, 'shellcheck directives: only bash is linted by shellcheck'],
      [/^(typeset -g )?_AIGATE_(BIN|PROJECT)=/, 'zsh declares the globals with typeset -g, so that sourcing from inside a function still sets them'],
      [/^\s*(local -a profile=\(\)|\[\[ -n \$\{_AIGATE_USE-\} \]\] && profile=|out=\$\("\$_AIGATE_BIN" env --shell SHELL --hook (\$\{_AIGATE_USE:\+|\$profile))/, 'the optional --profile: bash splits ${x:+…} into words, zsh does not'],
      [/^\s*(local (exit_)?status=\$\?|return \$(exit_)?status)$/, 'zsh: $status is a read-only special'],
      [/PROMPT_COMMAND|_aigate_add_hook|^\s*local entry$|^\s*for entry in|^\s*\[\[ \$entry == |^\s*done$|^\s*fi$|^\s*else$|^\s*\}$/, 'bash: PROMPT_COMMAND, a string or an array'],
      [/precmd_functions|chpwd_functions|^# Once per shell/, 'zsh: precmd_functions and chpwd_functions'],
    ];
    const lines = (name: string) => readFileSync(script(name), 'utf8').replace(/\b(bash|zsh)\b/g, 'SHELL').split('\n');
    const unexplained = diffArrays(lines('aigate.bash'), lines('aigate.zsh'))
      .filter((part) => part.added || part.removed)
      .flatMap((part) => part.value)
      .filter((line) => line.trim() && !ALLOWED.some(([pattern]) => pattern.test(line)));
    expect(unexplained).toEqual([]);
  });

  it.runIf(has('xonsh'))('xonsh: the script is Python that parses (xonsh runs it)', async () => {
    const result = await execa('python3', ['-c', 'import ast, sys; ast.parse(open(sys.argv[1]).read())', script('aigate.xsh')], { reject: false });
    expect(result.stderr).toBe('');
  });

  it.runIf(has('nu'))('nu: nu --ide-check finds no error', async () => {
    const result = await execa('nu', ['--no-config-file', '--ide-check', '100', script('aigate.nu')], { reject: false });
    const errors = result.stdout.split('\n').filter((line) => line.includes('"severity":"Error"'));
    expect(errors).toEqual([]);
  });

  it.runIf(has('elvish'))('elvish: elvish -compileonly finds nothing but the editor, which only an interactive elvish has', async () => {
    const init = await aigate(['init', 'elvish'], cleanEnv(tempDir()));
    const file = join(tempDir(), 'aigate.elv');
    writeFileSync(file, init.stdout);
    const result = await execa('elvish', ['-norc', '-compileonly', file], { reject: false });
    // Each problem is a message line and a location line; only the editor's variables may be missing.
    const problems = (result.stdout + result.stderr).split('\n').filter((line) => /^\s+\S/.test(line) && !/^\s+\d+:\d+:/.test(line) && !line.includes('edit:'));
    expect(problems).toEqual([]);
  });

  const strict = {
    bash: ['bash', '--norc', '--noprofile', '-c', 'set -euo pipefail; eval "$("$AIGATE_NODE" "$AIGATE_BIN" init bash)"; echo "$AIGATE_PROFILE"'],
    zsh: ['zsh', '-f', '-c', 'setopt err_exit no_unset; eval "$("$AIGATE_NODE" "$AIGATE_BIN" init zsh)"; echo "$AIGATE_PROFILE"'],
    fish: ['fish', '--no-config', '-c', '"$AIGATE_NODE" "$AIGATE_BIN" init fish | source; echo "$AIGATE_PROFILE"'],
  };
  it.each(Object.entries(strict))('%s: load in strict mode with no output but the profile', async (name, argv) => {
    if (!has(name)) return;
    const { dir, env } = home();
    const [command, ...args] = argv as [string, ...string[]];
    const result = await execa(command, args, { env: { ...env, AIGATE_NODE: process.execPath, AIGATE_BIN: AIGATE }, extendEnv: false, cwd: dir, reject: false });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('default');
  });
});

describe('aigate completion for nushell and elvish, through their own machinery', () => {
  const setup = () => {
    const { dir, env } = home();
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'aigate'), `#!/bin/sh\nexec '${process.execPath}' '${AIGATE}' "$@"\n`, { mode: 0o755 });
    // A hostile name in a hand-edited config: never offered, never run.
    writeFileSync(join(dir, '.config', 'aigate', 'config.toml'), `${readFileSync(join(dir, '.config', 'aigate', 'config.toml'), 'utf8')}[profiles."$(touch CANARY)"]\n`);
    return { dir, env: { ...env, PATH: `${join(dir, 'bin')}:${env.PATH}` } };
  };

  it.runIf(has('nu'))('nu: an extern per subcommand, with flags and completers for shells and profiles', async () => {
    const { dir, env } = setup();
    const file = join(dir, 'completion.nu');
    writeFileSync(file, (await aigate(['completion', 'nu'], env)).stdout);
    const query = `source ${JSON.stringify(file)}
print ({profiles: (nu-complete aigate profiles), shells: (nu-complete aigate shells), commands: (nu-complete aigate commands), env: (scope commands | where name == 'aigate env' | get 0.signatures | values | first | get parameter_name | compact), run: (scope commands | where name == 'aigate run' | get 0.signatures | values | first | get parameter_name | compact)} | to json -r)`;
    const result = await execa('nu', ['--no-config-file', '-c', query], { env, extendEnv: false, cwd: dir, reject: false });
    expect(result.stderr).toBe('');
    const answer = JSON.parse(result.stdout);
    expect(answer.profiles).toEqual(['default', 'work']);
    expect(answer.shells).toEqual(expect.arrayContaining(['bash', 'nu', 'elvish', 'xonsh', 'tcsh', 'github']));
    expect(answer.commands).toEqual(expect.arrayContaining(['env', 'use', 'run', 'uninstall']));
    expect(answer.env).toEqual(expect.arrayContaining(['shell', 'profile', 'model', 'explain']));
    expect(answer.run).toEqual(['args']); // its flags after the program are the program's
    expect(existsSync(join(dir, 'CANARY'))).toBe(false);
  });

  it.runIf(has('elvish') && has('tmux'))('elvish: the arg-completer, called by an interactive elvish', async () => {
    const { dir, env } = setup();
    const file = join(dir, 'completion.elv');
    writeFileSync(file, (await aigate(['completion', 'elvish'], env)).stdout);
    const sh = await InteractiveShell.start(['elvish', '-norc'], dir, env, ELVISH_SYNTAX);
    try {
      await sh.type(`eval (slurp < ${ELVISH_SYNTAX.quote(file)})`);
      const ask = async (label: string, words: string[]) => {
        await sh.type(`echo ${label}: (str:join , [($edit:completion:arg-completer[aigate] ${words.map(ELVISH_SYNTAX.quote).join(' ')})])`);
        const line = (await sh.screen()).split('\n').find((l) => l.startsWith(`${label}: `));
        return line!.slice(label.length + 2).split(',');
      };
      await sh.type('use str');
      expect(await ask('sub', ['aigate', ''])).toEqual(expect.arrayContaining(['uninstall', 'untrust', 'env']));
      expect(await ask('flags', ['aigate', 'env', ''])).toEqual(['--shell', '--profile', '--model', '--explain']);
      expect(await ask('shells', ['aigate', 'env', '--shell', ''])).toEqual(expect.arrayContaining(['bash', 'nu', 'elvish', 'github']));
      expect(await ask('profiles', ['aigate', 'use', ''])).toEqual(['default', 'work']);
      // install takes no shell as an argument: only its flag is offered.
      expect(await ask('install', ['aigate', 'install', ''])).toEqual(['--shell']);
      expect(existsSync(join(dir, 'CANARY'))).toBe(false);
    } finally {
      await sh.stop();
    }
  });
});

describe('aigate completion, through each shell\'s own completion machinery', () => {
  const setup = () => {
    const { dir, env } = home();
    // `aigate` on PATH, as the scripts call it for the profile names.
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'aigate'), `#!/bin/sh\nexec '${process.execPath}' '${AIGATE}' "$@"\n`, { mode: 0o755 });
    return { dir, env: { ...env, PATH: `${join(dir, 'bin')}:${env.PATH}` } };
  };
  const complete = {
    bash: (line: string) => ['bash', '--norc', '--noprofile', '-c', `eval "$(aigate completion bash)"; COMP_WORDS=(${line}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _aigate_complete; printf '%s\\n' "\${COMPREPLY[@]}"`],
    // bashcompinit calls the function under `emulate sh` (arrays from 0), as here.
    zsh: (line: string) => ['zsh', '-f', '-c', `eval "$(aigate completion zsh)"; emulate sh -c 'COMP_WORDS=(${line.replaceAll("'", "'\\''")}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _aigate_complete; printf "%s\\n" "\${COMPREPLY[@]}"'`],
    fish: (line: string) => ['fish', '--no-config', '-c', `aigate completion fish | source; complete -C '${line.replaceAll("''", '')}'`],
  };
  it.each(Object.keys(complete) as Array<keyof typeof complete>)('%s: subcommands, flags, shells and profiles', async (name) => {
    if (!has(name)) return;
    const { dir, env } = setup();
    const run = async (line: string) => {
      const [command, ...args] = complete[name](line) as [string, ...string[]];
      const result = await execa(command, args, { env, extendEnv: false, cwd: dir, reject: false });
      expect(result.stderr).toBe('');
      return result.stdout.split('\n').map((l) => l.split('\t')[0]);
    };
    expect(await run(name === 'fish' ? 'aigate un' : "aigate un")).toEqual(expect.arrayContaining(['uninstall', 'untrust']));
    expect(await run(name === 'fish' ? 'aigate env --' : 'aigate env --')).toEqual(expect.arrayContaining(['--shell', '--profile', '--explain']));
    expect(await run(name === 'fish' ? 'aigate env --shell ' : "aigate env --shell ''")).toEqual(expect.arrayContaining(['bash', 'fish', 'powershell', 'dotenv']));
    expect(await run(name === 'fish' ? 'aigate use ' : "aigate use ''")).toEqual(['default', 'work']);
    // `completion` takes the shells with a completion script, `init` those with an integration.
    const completions = await run(name === 'fish' ? 'aigate completion ' : "aigate completion ''");
    expect(completions).toEqual(expect.arrayContaining(['bash', 'nu', 'elvish']));
    expect(completions).not.toContain('xonsh');
    expect(await run(name === 'fish' ? 'aigate init ' : "aigate init ''")).toEqual(expect.arrayContaining(['xonsh', 'nu']));

    // Every word offered as a command's argument is one the CLI takes there (PowerShell once offered
    // shells after `install`, which the CLI refuses). `run` hands its words to another program.
    const commands = (await run(name === 'fish' ? 'aigate ' : "aigate ''")).filter((word): word is string => !!word && word !== 'run');
    expect(commands.length).toBeGreaterThan(15);
    const offline = { ...env, AIGATE_BASE_URL: 'http://127.0.0.1:1/v1' };
    for (const command of commands) {
      const words = (await run(name === 'fish' ? `aigate ${command} ` : `aigate ${command} ''`)).filter((word): word is string => !!word && !word.startsWith('-'));
      for (const word of words) {
        const outcome = await aigate([command, word], offline, { cwd: dir, timeout: 30_000 });
        expect(outcome.stderr, `${name}: aigate ${command} ${word}`).not.toMatch(/Unused args|unknown (command|option|shell)|usage:|see `aigate --help`/);
      }
    }
  });
});
