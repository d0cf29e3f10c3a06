import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse as parseToml } from 'smol-toml';
import { afterAll, describe, expect, it } from 'vitest';
import { AIGATE, aigate, cleanEnv, type Outcome, tempDir } from './support/cli.js';

const KEY = 'sk-safety-0123456789abcdef';
const BASHRC = '# my bashrc, in Latin-1: caf\xe9 na\xefve\nexport PATH="$HOME/bin:$PATH"\n';

/** One line on stderr, no stack trace, a non-zero exit. */
function failsInOneLine(result: Outcome, pattern: RegExp) {
  expect(result.exitCode, result.stdout).not.toBe(0);
  expect(result.stderr.trim().split('\n'), result.stderr).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at |unexpected error/);
}

/** No aigate temporary, lock or stale copy left beside the files in `dir`. */
function noLeftovers(dir: string) {
  expect(readdirSync(dir).filter((name) => /aigate-(\d|lock)|\.tmp$/.test(name))).toEqual([]);
}

function sandbox() {
  const home = tempDir('aigate-safety-');
  const config = join(home, '.config', 'aigate', 'config.toml');
  mkdirSync(join(config, '..'), { recursive: true });
  return { home, config, env: cleanEnv(home, { AIGATE_API_KEY: KEY, CODEX_HOME: join(home, '.codex') }) };
}

describe('links: the link stays a link, the target gets the change', () => {
  it('install / uninstall into a ~/.bashrc that links into a dotfiles repository', async () => {
    const { home, env } = sandbox();
    mkdirSync(join(home, 'dotfiles'));
    const target = join(home, 'dotfiles', 'bashrc');
    writeFileSync(target, BASHRC, 'latin1');
    symlinkSync('dotfiles/bashrc', join(home, '.bashrc'));
    const installed = await aigate(['install', '--shell', 'bash'], env);
    expect(installed.exitCode, installed.stderr).toBe(0);
    expect(lstatSync(join(home, '.bashrc')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(home, '.bashrc'))).toBe('dotfiles/bashrc');
    expect(readFileSync(target, 'latin1')).toContain('# >>> aigate >>>');
    expect(readFileSync(`${join(home, '.bashrc')}.aigate-backup`)).toEqual(Buffer.from(BASHRC, 'latin1'));
    expect((await aigate(['uninstall', '--shell', 'bash'], env)).exitCode).toBe(0);
    expect(readFileSync(target)).toEqual(Buffer.from(BASHRC, 'latin1'));
    expect(lstatSync(join(home, '.bashrc')).isSymbolicLink()).toBe(true);
    noLeftovers(join(home, 'dotfiles'));
  });

  it('config set and setup codex write through links, including a dangling one', async () => {
    const { home, config, env } = sandbox();
    mkdirSync(join(home, 'dotfiles'));
    writeFileSync(join(home, 'dotfiles', 'aigate.toml'), '# mine\n[profiles.default]\nmodel = "a/b"\n');
    symlinkSync(join(home, 'dotfiles', 'aigate.toml'), config);
    expect((await aigate(['config', 'set', 'profiles.default.claude.opus', 'x/opus'], env)).exitCode).toBe(0);
    expect(lstatSync(config).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(home, 'dotfiles', 'aigate.toml'), 'utf8')).toBe('# mine\n[profiles.default]\nmodel = "a/b"\n\n[profiles.default.claude]\nopus = "x/opus"\n');
    mkdirSync(join(home, '.codex'));
    symlinkSync(join(home, 'dotfiles', 'codex.toml'), join(home, '.codex', 'config.toml')); // not there yet
    expect((await aigate(['setup', 'codex'], env)).exitCode).toBe(0);
    expect(lstatSync(join(home, '.codex', 'config.toml')).isSymbolicLink()).toBe(true);
    expect(parseToml(readFileSync(join(home, 'dotfiles', 'codex.toml'), 'utf8'))).toMatchObject({ model_provider: 'aigate' });
  });

  it('a project file whose link leads outside the project is refused untouched', async () => {
    const { home, env } = sandbox();
    const project = join(home, 'project');
    mkdirSync(join(home, '.docker'), { recursive: true });
    mkdirSync(project);
    const secret = '{ "auths": { "registry": { "auth": "c2VjcmV0" } } }\n';
    writeFileSync(join(home, '.docker', 'config.json'), secret);
    symlinkSync(join(home, '.docker', 'config.json'), join(project, 'opencode.json'));
    const result = await aigate(['setup', 'opencode'], env, { cwd: project });
    failsInOneLine(result, /opencode\.json leads to .*\.docker\/config\.json, outside .*project; aigate will not write through it/);
    expect(readFileSync(join(home, '.docker', 'config.json'), 'utf8')).toBe(secret);
    expect(readdirSync(project)).toEqual(['opencode.json']);
  });

  it('a hard-linked file is refused, never silently unlinked', async () => {
    const { home, env } = sandbox();
    writeFileSync(join(home, 'bashrc.shared'), BASHRC);
    linkSync(join(home, 'bashrc.shared'), join(home, '.bashrc'));
    failsInOneLine(await aigate(['install', '--shell', 'bash'], env), /\.bashrc has 2 hard links, which replacing it would cut; aigate changed nothing/);
    expect(statSync(join(home, '.bashrc')).nlink).toBe(2);
    expect(readFileSync(join(home, '.bashrc'), 'utf8')).toBe(BASHRC);
  });
});

describe('bytes, not strings', () => {
  it('a Latin-1 .bashrc and its backup come back byte for byte', async () => {
    const { home, env } = sandbox();
    const original = Buffer.from(`${BASHRC}# no final newline: \xff\xfe?`, 'latin1');
    writeFileSync(join(home, '.bashrc'), original);
    expect((await aigate(['install', '--shell', 'bash'], env)).exitCode).toBe(0);
    expect(readFileSync(join(home, '.bashrc.aigate-backup'))).toEqual(original);
    expect((await aigate(['uninstall', '--shell', 'bash'], env)).exitCode).toBe(0);
    expect(readFileSync(join(home, '.bashrc'))).toEqual(original);
  });

  it('a UTF-16LE PowerShell profile is edited in UTF-16LE, never mixed', async () => {
    const { home, env } = sandbox();
    const profile = join(home, '.config', 'powershell', 'Microsoft.PowerShell_profile.ps1');
    mkdirSync(join(profile, '..'), { recursive: true });
    const original = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Set-Alias ll Get-ChildItem # é\r\n', 'utf16le')]);
    writeFileSync(profile, original);
    expect((await aigate(['install', '--shell', 'powershell'], env)).exitCode).toBe(0);
    const written = readFileSync(profile);
    expect(written.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
    const text = written.subarray(2).toString('utf16le');
    expect(text).toContain('Set-Alias ll Get-ChildItem # é\r\n# >>> aigate >>>\r\n');
    expect(Buffer.from(text, 'utf16le')).toEqual(written.subarray(2));
    expect((await aigate(['uninstall', '--shell', 'powershell'], env)).exitCode).toBe(0);
    expect(readFileSync(profile)).toEqual(original);
  });

  it('a config.toml that is not UTF-8 is refused with the byte offset', async () => {
    const { config, env } = sandbox();
    const original = Buffer.from('# caf\xe9\n[profiles.default]\n', 'latin1');
    writeFileSync(config, original);
    failsInOneLine(await aigate(['config', 'set', 'profile', 'default'], env), /config\.toml:1: not valid UTF-8 \(byte 5\)/);
    expect(readFileSync(config)).toEqual(original);
  });
});

describe('markers and separators', () => {
  it('a lone begin marker is reported with its line and nothing of the user’s is removed', async () => {
    const { home, env } = sandbox();
    const text = '# rc\n# >>> aigate >>>\nexport MINE=1\n';
    writeFileSync(join(home, '.bashrc'), text);
    failsInOneLine(await aigate(['uninstall', '--shell', 'bash'], env), /\.bashrc:2: the aigate block is damaged/);
    failsInOneLine(await aigate(['install', '--shell', 'bash'], env), /\.bashrc:2: the aigate block is damaged/);
    expect(readFileSync(join(home, '.bashrc'), 'utf8')).toBe(text);
  });

  it('no final newline, then another installer appends: uninstall joins no lines', async () => {
    const { home, env } = sandbox();
    writeFileSync(join(home, '.bashrc'), 'export A=1');
    await aigate(['install', '--shell', 'bash'], env);
    writeFileSync(join(home, '.bashrc'), `${readFileSync(join(home, '.bashrc'), 'utf8')}export NVM_DIR="$HOME/.nvm"\n`);
    expect((await aigate(['uninstall', '--shell', 'bash'], env)).exitCode).toBe(0);
    expect(readFileSync(join(home, '.bashrc'), 'utf8')).toBe('export A=1\nexport NVM_DIR="$HOME/.nvm"\n');
  });
});

describe('setup --remove works on the file as it is now', () => {
  it('lines deleted and added above, a table appended, a value changed: the user’s edits stay, the result is valid', async () => {
    const { home, env } = sandbox();
    const file = join(home, '.codex', 'config.toml');
    mkdirSync(join(file, '..'));
    writeFileSync(file, '# codex\n# second comment\nmodel = "gpt-5"\napproval_policy = "never"\n\n[tui]\nnotifications = true');
    expect((await aigate(['setup', 'codex'], env)).exitCode).toBe(0);
    let text = readFileSync(file, 'utf8');
    text = text.replace('# second comment\n', '').replace('# codex\n', '# codex\n# a new line\n# and another\n');
    text = text.replace('model = "openai/gpt-5.5"', 'model = "my-own"');
    text += '\n[profiles.mine]\nmodel = "x"\n';
    writeFileSync(file, text);
    const removed = await aigate(['setup', 'codex', '--remove'], env);
    expect(removed.exitCode, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('kept model: you changed it since aigate wrote it');
    const data = parseToml(readFileSync(file, 'utf8'));
    expect(data).toEqual({ model: 'my-own', approval_policy: 'never', tui: { notifications: true }, profiles: { mine: { model: 'x' } } });
  });

  it('an ANTHROPIC_DEFAULT_OPUS_MODEL the user changed in settings.json survives --remove', async () => {
    const { home, env } = sandbox();
    const file = join(home, '.claude', 'settings.json');
    mkdirSync(join(file, '..'));
    writeFileSync(file, '{\n  "env": { "MINE": "1" }\n}\n');
    await aigate(['setup', 'claude'], env);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"anthropic/claude-opus-4.7"', '"my/opus"'));
    expect((await aigate(['setup', 'claude', '--remove'], env)).exitCode).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ env: { MINE: '1', ANTHROPIC_DEFAULT_OPUS_MODEL: 'my/opus' } });
  });
});

describe('aigate’s own stores', () => {
  it('a credentials.json that does not parse is named and never overwritten', async () => {
    const { config, env } = sandbox();
    const credentials = join(config, '..', 'credentials.json');
    writeFileSync(credentials, '{ "work": "sk-work-0123456789", ', { mode: 0o600 });
    const noKeyEnv = { ...env, AIGATE_API_KEY: '' };
    failsInOneLine(await aigate(['login', '--no-verify'], noKeyEnv, { input: `${KEY}\n` }), /credentials\.json(:\d+)?: not valid JSON, so aigate will not touch it/);
    failsInOneLine(await aigate(['key'], noKeyEnv), /credentials\.json(:\d+)?: not valid JSON/);
    expect(readFileSync(credentials, 'utf8')).toBe('{ "work": "sk-work-0123456789", ');
  });

  it('a credentials.json that was 0644 is 0600 once a key is stored in it', async () => {
    const { config, env } = sandbox();
    const credentials = join(config, '..', 'credentials.json');
    writeFileSync(credentials, '{}\n');
    chmodSync(credentials, 0o644);
    expect((await aigate(['login', '--no-verify'], env, { input: `${KEY}\n` })).exitCode).toBe(0);
    expect(statSync(credentials).mode & 0o777).toBe(0o600);
  });

  it('an integration cache that was 0644 is 0600 after the next refresh', async () => {
    const { home, env } = sandbox();
    const cache = join(home, '.cache', 'aigate', 'env.bash');
    mkdirSync(join(cache, '..'), { recursive: true });
    writeFileSync(cache, '# old\n');
    chmodSync(cache, 0o644);
    expect((await aigate(['env', '--shell', 'bash', '--hook'], env)).exitCode).toBe(0);
    expect(statSync(cache).mode & 0o777).toBe(0o600);
    expect(readFileSync(cache, 'utf8')).toContain(KEY);
  });
});

describe('concurrent runs lose nothing', () => {
  it('30 config set, 20 profile add, 10 login, 12 setup at once: every one succeeds, every change is there', async () => {
    const { home, config, env } = sandbox();
    writeFileSync(config, '# shared config\n[profiles.default]\nmodel = "a/b"\n');
    const sets = Array.from({ length: 30 }, (_, i) => aigate(['config', 'set', `profiles.default.env.VAR_${i}`, `value ${i}`], env));
    const adds = Array.from({ length: 20 }, (_, i) => aigate(['profile', 'add', `p${i}`, '--base-url', `https://gw${i}.example/v1`], env));
    const results = await Promise.all([...sets, ...adds]);
    for (const result of results) expect(result.exitCode, result.stderr).toBe(0);
    const data = parseToml(readFileSync(config, 'utf8')) as any;
    for (let i = 0; i < 30; i++) expect(data.profiles.default.env[`VAR_${i}`]).toBe(`value ${i}`);
    for (let i = 0; i < 20; i++) expect(data.profiles[`p${i}`].base_url).toBe(`https://gw${i}.example/v1`);

    const noKeyEnv = { ...env, AIGATE_API_KEY: '' };
    const logins = await Promise.all(Array.from({ length: 10 }, (_, i) => aigate(['login', '--profile', `p${i}`, '--no-verify'], noKeyEnv, { input: `sk-login-${i}-0123456789\n` })));
    for (const result of logins) expect(result.exitCode, result.stderr).toBe(0);
    const stored = JSON.parse(readFileSync(join(config, '..', 'credentials.json'), 'utf8'));
    for (let i = 0; i < 10; i++) expect(stored[`p${i}`]).toBe(`sk-login-${i}-0123456789`);

    const setups = await Promise.all(Array.from({ length: 12 }, (_, i) => aigate(['setup', 'codex'], { ...env, CODEX_HOME: join(home, `codex${i}`) })));
    for (const result of setups) expect(result.exitCode, result.stderr).toBe(0);
    const records = JSON.parse(readFileSync(join(home, '.local', 'share', 'aigate', 'setup.json'), 'utf8'));
    expect(Object.keys(records)).toHaveLength(12);
    const removals = await Promise.all(Array.from({ length: 12 }, (_, i) => aigate(['setup', 'codex', '--remove'], { ...env, CODEX_HOME: join(home, `codex${i}`) })));
    for (const result of removals) expect(result.stdout).toContain('the file it had created is gone');
    noLeftovers(join(config, '..'));
  });
});

describe('writers killed mid-way', () => {
  it('temporaries and a lock of dead processes are swept, and the next change goes through', async () => {
    const { home, env } = sandbox();
    writeFileSync(join(home, '.bashrc'), BASHRC);
    const dead = 2 ** 22 + 12345; // above pid_max: no such process
    writeFileSync(join(home, `..bashrc.aigate-${dead}-1-1.tmp`), 'half a bashrc');
    writeFileSync(join(home, '.bashrc.aigate-lock'), `${dead}\n`);
    expect((await aigate(['install', '--shell', 'bash'], env)).exitCode).toBe(0);
    noLeftovers(home);
  });

  it('aigate run claude killed with SIGKILL: the next run removes the folder holding the key', async () => {
    const { home, env } = sandbox();
    const bin = join(home, 'bin');
    const tmp = join(home, 'tmp');
    mkdirSync(bin);
    mkdirSync(tmp);
    writeFileSync(join(bin, 'claude'), `#!/bin/sh\n[ -n "$WAIT" ] && touch "${home}/started" && exec sleep 30\nexit 0\n`);
    chmodSync(join(bin, 'claude'), 0o755);
    const runEnv = { ...env, PATH: `${bin}:${process.env.PATH}`, TMPDIR: tmp };
    const run = execa(process.execPath, [AIGATE, 'run', 'claude'], { env: { ...runEnv, WAIT: '1' }, extendEnv: false, reject: false, stdio: 'ignore' });
    while (!existsSync(join(home, 'started'))) await new Promise((r) => setTimeout(r, 20));
    expect(readdirSync(tmp)).toHaveLength(1);
    run.kill('SIGKILL');
    await run;
    await execa('pkill', ['-f', '^sleep 30$'], { reject: false });
    expect(readdirSync(tmp)).toHaveLength(1); // the killed run could not clean up
    expect((await aigate(['run', 'claude'], runEnv)).exitCode).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('file-system errors: one line, non-zero exit, the file as it was', () => {
  it('a file where a folder should be (ENOTDIR), a folder where a file should be (EISDIR)', async () => {
    const { home, env } = sandbox();
    writeFileSync(join(home, '.codex'), 'not a folder');
    failsInOneLine(await aigate(['setup', 'codex'], env), /\.codex\/config\.toml: .*(a file where a folder should be|ENOTDIR|EEXIST)/);
    mkdirSync(join(home, '.bashrc'));
    failsInOneLine(await aigate(['install', '--shell', 'bash'], env), /\.bashrc: (not a regular file|it is a folder)/);
  });

  it('permission denied (EACCES), as an ordinary user', async () => {
    if (process.getuid?.() !== 0) return void expect(process.env.CI).not.toBe('true'); // needs root to become another user
    const { home, env } = sandbox();
    chmodSync(join(home, '..'), 0o755);
    chmodSync(home, 0o755);
    writeFileSync(join(home, '.bashrc'), BASHRC, { mode: 0o644 });
    // The other user may not reach this checkout (a clone in a private folder): it runs a copy of the built package.
    const copy = tempDir('aigate-package-');
    chmodSync(copy, 0o755);
    for (const part of ['bin', 'dist', 'shells', 'package.json']) cpSync(join(AIGATE, '..', '..', part), join(copy, part), { recursive: true });
    const result = await execa('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, join(copy, 'bin', 'aigate.cjs'), 'install', '--shell', 'bash'], { env, extendEnv: false, reject: false });
    failsInOneLine({ stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode }, /\.bashrc: permission denied: check the owner and mode of the file and its folder \(EACCES\); nothing was changed/);
    expect(readFileSync(join(home, '.bashrc'), 'utf8')).toBe(BASHRC);
  });

  describe('a full disk (a 64 KB tmpfs) and a read-only one', () => {
    const mountPoint = tempDir('aigate-tmpfs-');
    let mounted = false;
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], { stdio: 'ignore' });
      mounted = true;
    } catch (error) {
      if (process.env.CI === 'true') throw new Error(`CI: cannot mount a tmpfs for the full-disk test: ${(error as Error).message}`);
      process.stderr.write('skipping the full-disk tests: mounting a tmpfs needs root\n');
    }
    afterAll(() => {
      if (mounted) execFileSync('umount', [mountPoint]);
    });

    it.runIf(mounted)('ENOSPC: install and config set fail in one line and leave the files whole', async () => {
      const home = join(mountPoint, 'home');
      mkdirSync(join(home, '.config', 'aigate'), { recursive: true });
      const config = join(home, '.config', 'aigate', 'config.toml');
      writeFileSync(join(home, '.bashrc'), BASHRC);
      writeFileSync(config, '[profiles.default]\nmodel = "a/b"\n');
      try {
        for (let i = 0; ; i++) writeFileSync(join(mountPoint, `filler${i}`), Buffer.alloc(4096));
      } catch {
        // full
      }
      const env = cleanEnv(home);
      failsInOneLine(await aigate(['install', '--shell', 'bash'], env), /\.bashrc: no space left on the device: free some space, then run the command again \(ENOSPC\); nothing was changed/);
      failsInOneLine(await aigate(['config', 'set', 'profiles.default.model', 'c/d'], env), /config\.toml: no space left on the device/);
      expect(readFileSync(join(home, '.bashrc'), 'utf8')).toBe(BASHRC);
      expect(readFileSync(config, 'utf8')).toBe('[profiles.default]\nmodel = "a/b"\n');
      noLeftovers(home);
      noLeftovers(join(home, '.config', 'aigate'));
    });

    it.runIf(mounted)('a change that fails after its backup was made leaves no backup of its own: the earlier one is back; the next change backs up what was just before it', async () => {
      for (const name of readdirSync(mountPoint)) if (name.startsWith('filler')) rmSync(join(mountPoint, name), { force: true });
      const home = join(mountPoint, 'home2');
      mkdirSync(home, { recursive: true });
      const rc = join(home, '.bashrc');
      const backup = `${rc}.aigate-backup`;
      writeFileSync(rc, BASHRC);
      const env = cleanEnv(home);
      expect((await aigate(['install', '--shell', 'bash'], env)).exitCode).toBe(0);
      expect((await aigate(['uninstall', '--shell', 'bash'], env)).exitCode).toBe(0);
      const edited = `${BASHRC}alias ll='ls -l'\n`;
      writeFileSync(rc, edited);
      const firstBackup = readFileSync(backup);
      // Room for two pages: the lock and the new backup, not the new .bashrc.
      const fillers: string[] = [];
      try {
        for (let i = 0; ; i++) {
          fillers.push(join(mountPoint, `filler${i}`));
          writeFileSync(fillers.at(-1)!, Buffer.alloc(4096));
        }
      } catch {
        // full
      }
      for (const filler of fillers.splice(-3, 2)) rmSync(filler, { force: true });
      failsInOneLine(await aigate(['install', '--shell', 'bash'], env), /\.bashrc: no space left on the device.*nothing was changed/);
      expect(readFileSync(rc, 'utf8')).toBe(edited);
      expect(readFileSync(backup)).toEqual(firstBackup);
      noLeftovers(home);
      for (const filler of fillers) rmSync(filler, { force: true });
      const installed = await aigate(['install', '--shell', 'bash'], env);
      expect(installed.stdout).toContain(`(backup: ${backup})`);
      expect(readFileSync(backup, 'utf8')).toBe(edited);
      noLeftovers(home);
    });

    it.runIf(mounted)('EROFS: a read-only file system', async () => {
      execFileSync('mount', ['-o', 'remount,ro', mountPoint]);
      try {
        failsInOneLine(await aigate(['install', '--shell', 'bash'], cleanEnv(join(mountPoint, 'home'))), /\.bashrc: it is on a read-only file system \(EROFS\); nothing was changed/);
      } finally {
        execFileSync('mount', ['-o', 'remount,rw', mountPoint]);
      }
    });
  });
});
