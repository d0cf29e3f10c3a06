/**
 * The Windows lane: the built aigate on Windows' own Node (node.exe, `process.platform` win32) and a
 * Windows build of PowerShell 7, both under Wine, as installed by `.ci/windows-lane.sh`.
 *
 * What a test gets is a Windows user whose folder name holds a space, an apostrophe and a non-ASCII
 * letter (C:\users\Zoë O'Brien), made by Wine itself the way Windows makes a profile:
 * %USERPROFILE%, %APPDATA%, %LOCALAPPDATA%, %TEMP%, the Documents known folder (so pwsh's $PROFILE)
 * all follow from the user name, with nothing set by hand. Node is at C:\Program Files\nodejs and
 * npm's global shims in %APPDATA%\npm, both on PATH, as the Node installer and `npm install -g` leave
 * them; the aigate under test is this checkout's bin/aigate.cjs, seen as Z:\….
 *
 * Each test file gets its own Wine prefix (a hard-linked copy of the installed one, under a second),
 * so two test runs at once do not share a wineserver, a registry or a user folder.
 *
 * Wine workarounds, each for a place where Wine 8 differs from Windows (the product never adapts
 * to one of these; only this driver, the installer and the tests do):
 * - node.exe cannot write to a Linux pipe (EBADF at its first write): stdout and stderr go to files.
 *   Pipes between Windows processes (pwsh reading node's output) work as on Windows.
 * - Wine takes USERPROFILE, APPDATA, LOCALAPPDATA and PATH from its registry and the user name,
 *   whatever the Linux environment says: the user is chosen with USER, and PATH is extended with
 *   WINEPATH. Wine expands %USERPROFILE% in HKCU\Environment (TEMP) with the previous session's
 *   user, so one process runs first, as this user, before any test (`start`).
 * - pwsh.exe needs a console: it runs in a pseudo-terminal (`script`), and writes its answers to files.
 * - The .NET runtime needs DOTNET_EnableWriteXorExecute=0 under Wine (else an internal CLR error).
 * - PowerShell under Wine finds no program on PATH by name: its PATH search asks for "node.*", which
 *   .NET hands to Wine as DOS wildcards that Wine 8 does not match. $PSHOME\profile.ps1 (written by
 *   .ci/windows-lane.sh) sets what aigate's integration would find ($global:_AIGATE_NODE) from
 *   AIGATE_WINE_NODE, and a `node` function, before the user's profile.
 * - Wine's cmd.exe ends a batch file at `goto` to a missing label instead of running what follows
 *   `||`: npm's shim line is rewritten (see npmShim).
 * - Wine's cmd.exe parses a few things differently from Windows' (`^%`, `^"`, an escaped space in a
 *   command's path, exit code 9009 rather than 1 for a missing command): the tests avoid those cases
 *   and say so where they do.
 * - Wine's cmd.exe decodes a batch file as code page 437, even after `chcp 65001`: batch files a
 *   test writes, and the paths in them, are ASCII (see the cmd test).
 * - Wine's cmd.exe keeps a Ctrl-Z in a batch line, which Windows' reads as a line break: aigate
 *   refuses it anyway, and the cmd test leaves it out of the values it expects to come through.
 * - Wine links the installing user's Documents, Desktop… to the Linux $HOME; the test user is never
 *   that user (and the installer makes them real folders).
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { AIGATE } from './cli.js';

export const WINE = '/usr/lib/wine/wine64';
export const WINESERVER = '/usr/lib/wine/wineserver';
/** Where .ci/windows-lane.sh installs the lane. */
export const WINDOWS_CACHE = process.env.AIGATE_WINDOWS_CACHE || join(homedir(), '.cache', 'aigate-windows');
/**
 * The keychain's Windows binary, as npm installs it on Windows (@napi-rs/keyring-win32-x64-msvc),
 * fetched by .ci/windows-lane.sh: on node.exe's NODE_PATH the work tree's @napi-rs/keyring finds it.
 */
const KEYRING_MODULES = join(WINDOWS_CACHE, 'keyring', 'node_modules');
const MASTER_PREFIX = join(WINDOWS_CACHE, 'prefix');
const NODE_EXE = join(WINDOWS_CACHE, 'node', 'bin', 'node.exe');
const PWSH_EXE = join(WINDOWS_CACHE, 'pwsh', 'pwsh.exe');

/**
 * The Windows user of every test: a space, an apostrophe and a non-ASCII letter. Not U+2019 (’):
 * PowerShell 7.6.10 then loads no profile at all, on Windows as here (ConsoleHost.RunProfile runs
 * `. '<path>'` with only U+0027 doubled, and ’ ends a PowerShell string too).
 */
export const WINDOWS_USER = "Zoë O'Brien";

export interface WindowsOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Variables added to the Windows environment (the user's own). */
  env?: Record<string, string>;
  /** The working directory, a Linux path (default: %USERPROFILE%). */
  cwd?: string;
  /** Written to a file that becomes the program's standard input. */
  input?: string;
  timeoutMs?: number;
}

/** Why the lane cannot run here, or null when it is installed. */
export function windowsLaneProblem(): string | null {
  if (process.platform !== 'linux') return 'the Windows lane runs Windows programs under Wine on Linux';
  if (!existsSync(WINE)) return `${WINE} is missing (bash .ci/windows-lane.sh installs wine64)`;
  if (!existsSync(join(MASTER_PREFIX, '.aigate-win10'))) return `no Wine prefix at ${MASTER_PREFIX} (bash .ci/windows-lane.sh)`;
  if (!existsSync(NODE_EXE)) return `no ${NODE_EXE} (bash .ci/windows-lane.sh)`;
  if (!existsSync(join(MASTER_PREFIX, 'drive_c', 'windows', 'system32', 'bcryptprimitives.dll'))) return `no bcryptprimitives.dll in the Wine prefix (bash .ci/windows-lane.sh)`;
  if (!existsSync(join(KEYRING_MODULES, '@napi-rs', 'keyring-win32-x64-msvc'))) return `no keychain binary for win32 in ${KEYRING_MODULES} (bash .ci/windows-lane.sh)`;
  if (!existsSync(join(WINDOWS_CACHE, 'pwsh', '.aigate-checked'))) return `no checked pwsh.exe in ${join(WINDOWS_CACHE, 'pwsh')} (bash .ci/windows-lane.sh)`;
  if (spawnSync('sh', ['-c', 'command -v script'], { stdio: 'ignore' }).status !== 0) return '`script` (bsdutils) is not on PATH';
  if (!existsSync(join(resolve(AIGATE, '..', '..'), 'dist', 'cli.js'))) return 'aigate is not built (node build.mjs)';
  return null;
}

/**
 * The lane, or null when it is not installed: then, as with `has()`, a developer's run skips with the
 * reason on stderr, and a run under CI=true fails.
 */
export function windowsLane(): WindowsLane | null {
  const problem = windowsLaneProblem();
  if (!problem) return new WindowsLane();
  if (process.env.CI === 'true') throw new Error(`CI: the Windows lane is not installed: ${problem}; .ci/run must run .ci/windows-lane.sh`);
  process.stderr.write(`skipping the Windows lane: ${problem}\n`);
  return null;
}

/** A word for `sh -c` (the command line `script -c` runs). */
function shQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A PowerShell single-quoted string: every quote it ends at (U+0027, U+2018–U+201B) doubled. */
export function psQuote(word: string): string {
  return `'${word.replace(/['\u2018-\u201b]/g, '$&$&')}'`;
}

export class WindowsLane {
  /** This test file's own prefix (Linux path) and the folder that holds it. */
  prefix = '';
  private run = '';
  private scratchCount = 0;

  /** The user's folder, as Linux sees it and as Windows does. */
  get home(): string {
    return join(this.prefix, 'drive_c', 'users', WINDOWS_USER);
  }
  get userProfile(): string {
    return `C:\\users\\${WINDOWS_USER}`;
  }
  /** %APPDATA%, %LOCALAPPDATA% (Linux paths). */
  get appData(): string {
    return join(this.home, 'AppData', 'Roaming');
  }
  get localAppData(): string {
    return join(this.home, 'AppData', 'Local');
  }
  /** node.exe where the Node installer puts it (Linux path, and as Windows sees it). */
  get nodeExe(): string {
    return join(this.prefix, 'drive_c', 'Program Files', 'nodejs', 'node.exe');
  }
  readonly nodeExeWindows = 'C:\\Program Files\\nodejs\\node.exe';
  /** The aigate under test, as Windows sees it. */
  readonly aigateWindows = this.windowsPath(AIGATE);

  /** A Linux path as Windows sees it: C:\… inside the prefix's drive_c, else Z:\…. */
  windowsPath(path: string): string {
    const absolute = resolve(path);
    if (this.prefix) {
      const inside = relative(join(this.prefix, 'drive_c'), absolute);
      if (!inside.startsWith('..') && !inside.startsWith('/')) return `C:\\${inside.split('/').join('\\')}`;
    }
    return `Z:${absolute.split('/').join('\\')}`;
  }

  /** A Windows path (C:\… or Z:\…) as Linux sees it. */
  linuxPath(path: string): string {
    const match = /^([a-zA-Z]):\\(.*)$/.exec(path);
    if (!match) throw new Error(`not an absolute Windows path: ${path}`);
    const rest = match[2]!.split('\\').filter(Boolean);
    if (match[1]!.toLowerCase() === 'z') return `/${rest.join('/')}`;
    if (match[1]!.toLowerCase() !== 'c') throw new Error(`no drive ${match[1]} in the prefix`);
    return join(this.prefix, 'drive_c', ...rest);
  }

  /**
   * Makes this file's prefix and Windows user, and starts its wineserver. About a second for the
   * copy and one or two for the first process.
   */
  async start(): Promise<void> {
    const runs = join(WINDOWS_CACHE, 'runs');
    mkdirSync(runs, { recursive: true });
    // Prefixes left by runs that were killed: their wineserver has exited by now (it lingers 60 s).
    for (const name of readdirSync(runs)) {
      const old = join(runs, name);
      if (Date.now() - statSync(old).mtimeMs > 3 * 3600_000) rmSync(old, { recursive: true, force: true });
    }
    this.run = mkdtempSync(join(runs, 'run-'));
    this.prefix = join(this.run, 'prefix');
    mkdirSync(join(this.prefix, 'dosdevices'), { recursive: true });
    symlinkSync('../drive_c', join(this.prefix, 'dosdevices', 'c:'));
    symlinkSync('/', join(this.prefix, 'dosdevices', 'z:'));
    // Windows' system files are only read: hard links (the cache is one file system). The registry
    // is copied, since Wine rewrites it; no user folder is taken over.
    mkdirSync(join(this.prefix, 'drive_c', 'users'), { recursive: true });
    for (const entry of readdirSync(join(MASTER_PREFIX, 'drive_c'))) {
      if (entry === 'users') continue;
      const copy = spawnSync('cp', ['-al', join(MASTER_PREFIX, 'drive_c', entry), join(this.prefix, 'drive_c', entry)]);
      if (copy.status !== 0) throw new Error(`copying the Wine prefix: ${copy.stderr}`);
    }
    spawnSync('cp', ['-a', join(MASTER_PREFIX, 'drive_c', 'users', 'Public'), join(this.prefix, 'drive_c', 'users', 'Public')]);
    for (const file of ['system.reg', 'user.reg', 'userdef.reg', '.update-timestamp']) copyFileSync(join(MASTER_PREFIX, file), join(this.prefix, file));
    // Node as its installer leaves it (a hard link: the same node.exe the lane installed).
    mkdirSync(join(this.prefix, 'drive_c', 'Program Files', 'nodejs'), { recursive: true });
    linkSync(NODE_EXE, this.nodeExe);
    // One wineserver for the whole file, kept 60 s after its last process (so a killed run cleans up).
    // stdio ignored: the server stays in the background and would hold a pipe open.
    const server = spawnSync(WINESERVER, ['-p60'], { env: this.wineEnv(), stdio: 'ignore' });
    if (server.status !== 0) throw new Error(`wineserver -p60 exited with ${server.status}`);
    // The first process of a session writes the user's volatile environment (see the header).
    await this.wine(['cmd.exe', '/c', 'exit 0']);
    this.resetUser();
  }

  /** Ends this file's Wine processes and removes its prefix. */
  async stop(): Promise<void> {
    if (!this.prefix) return;
    spawnSync(WINESERVER, ['-k'], { env: this.wineEnv(), stdio: 'ignore' });
    spawnSync(WINESERVER, ['-w'], { env: this.wineEnv(), stdio: 'ignore', timeout: 10_000 });
    rmSync(this.run, { recursive: true, force: true });
    this.prefix = '';
  }

  /**
   * Empties the user's folder down to what a new Windows profile has (Documents, AppData\Roaming,
   * AppData\Local\Temp): each test starts as a new user, without a new Wine session.
   */
  resetUser(): void {
    rmSync(this.home, { recursive: true, force: true });
    for (const dir of ['Documents', join('AppData', 'Roaming', 'npm'), join('AppData', 'Local', 'Temp')]) mkdirSync(join(this.home, dir), { recursive: true });
  }

  /**
   * Appended by Wine to its PATH (WINEPATH; a test may set its own): Node's folder and npm's global
   * shims, as the Node installer leaves the user's PATH on Windows.
   */
  get wineEnvPath(): string {
    return `C:\\Program Files\\nodejs;${this.userProfile}\\AppData\\Roaming\\npm`;
  }

  /** The Linux environment for wine: the Windows one is made from it by Wine (see the header). */
  private wineEnv(extra: Record<string, string> = {}): Record<string, string> {
    return {
      // Wine itself needs these; neither HOME nor SHELL, which Windows does not have.
      PATH: '/usr/bin:/bin',
      WINEPREFIX: this.prefix || MASTER_PREFIX,
      WINEDEBUG: '-all',
      // UTF-8 Linux names and variables (the user's ë and ’); Wine's Windows locale is en-US.
      LANG: 'C.UTF-8',
      // The Windows user (Wine workaround: USERPROFILE and APPDATA cannot be set otherwise).
      USER: WINDOWS_USER,
      LOGNAME: WINDOWS_USER,
      WINEPATH: this.wineEnvPath,
      // Where node.exe finds the keychain's Windows binary (a test may take it away).
      NODE_PATH: this.windowsPath(KEYRING_MODULES),
      ...extra,
    };
  }

  /** A fresh scratch file under the user's %TEMP% (Linux path). */
  scratch(name: string): string {
    const dir = join(this.localAppData, 'Temp', `aigate-lane-${++this.scratchCount}`);
    mkdirSync(dir, { recursive: true });
    return join(dir, name);
  }

  /**
   * Runs a Windows program under wine with stdout and stderr in files (node.exe cannot write to a
   * Linux pipe), and returns them.
   */
  async wine(args: string[], options: RunOptions = {}): Promise<WindowsOutcome> {
    const out = this.scratch('stdout');
    const err = this.scratch('stderr');
    const inFile = this.scratch('stdin');
    writeFileSync(inFile, options.input ?? '');
    const fds = [openSync(inFile, 'r'), openSync(out, 'w'), openSync(err, 'w')];
    try {
      const exitCode = await new Promise<number>((done, fail) => {
        const child = spawn(WINE, args, { env: this.wineEnv(options.env), cwd: options.cwd ?? this.home, stdio: fds });
        const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
        child.on('error', fail);
        child.on('exit', (code, signal) => {
          clearTimeout(timer);
          done(code ?? (signal ? 128 : -1));
        });
      });
      return { exitCode, stdout: readFileSync(out, 'utf8'), stderr: readFileSync(err, 'utf8') };
    } finally {
      for (const fd of fds) closeSync(fd);
    }
  }

  /** `aigate ARGS` as a Windows user runs it: node.exe on the built bin/aigate.cjs. */
  aigate(args: string[], options: RunOptions = {}): Promise<WindowsOutcome> {
    return this.wine([this.nodeExe, this.aigateWindows, ...args], options);
  }

  /**
   * Writes an npm global package's shim as npm 10 (cmd-shim 8) writes it for a package whose bin is a
   * `#!/usr/bin/env node` script, %APPDATA%\npm\NAME.cmd running %APPDATA%\npm\node_modules\NAME\cli.js
   * with node from PATH; byte for byte but for its last line (a Wine workaround, below). `npm` is the
   * global folder (a Linux path), %APPDATA%\\npm unless npm's prefix was changed.
   */
  npmShim(name: string, script: string, npm = join(this.appData, 'npm')): string {
    mkdirSync(join(npm, 'node_modules', name), { recursive: true });
    writeFileSync(join(npm, 'node_modules', name, 'cli.js'), `#!/usr/bin/env node\n${script}`);
    const shim = [
      '@ECHO off',
      'GOTO start',
      ':find_dp0',
      'SET dp0=%~dp0',
      'EXIT /b',
      ':start',
      'SETLOCAL',
      'CALL :find_dp0',
      '',
      'IF EXIST "%dp0%\\node.exe" (',
      '  SET "_prog=%dp0%\\node.exe"',
      ') ELSE (',
      '  SET "_prog=node"',
      '  SET PATHEXT=%PATHEXT:;.JS;=;%',
      ')',
      '',
      // npm writes `endLocal & goto #_undefined_# 2>NUL || title %COMSPEC% & "%_prog%" …`: on Windows
      // the goto to a missing label fails and `||` runs the program outside the batch (no "Terminate
      // batch job?"). Wine workaround: Wine's cmd.exe ends the batch at that goto without running the
      // `||` part (measured: nothing runs, exit 0), so here the program runs right after endLocal.
      // The line is parsed, %_prog% and %* expanded, before endLocal runs, as in npm's.
      `endLocal & "%_prog%"  "%dp0%\\node_modules\\${name}\\cli.js" %*`,
      '',
    ].join('\r\n');
    const file = join(npm, `${name}.cmd`);
    writeFileSync(file, shim);
    return file;
  }

  /**
   * Runs a PowerShell script file in the Windows pwsh.exe (7.6.10) in a pseudo-terminal. With
   * `profile`, pwsh first loads the profiles as every new pwsh does ($PROFILE is the test user's
   * Documents\PowerShell\Microsoft.PowerShell_profile.ps1); otherwise -NoProfile. Before the user's
   * profile, $PSHOME\profile.ps1 (written by .ci/windows-lane.sh) defines the node stand-in from
   * AIGATE_WINE_NODE (Wine workaround, see the header). Returns pwsh's exit code and what the console
   * showed, without escape sequences. A script reports anything exact through files.
   */
  async pwsh(script: string, options: { profile?: boolean; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<{ exitCode: number; output: string }> {
    const file = this.scratch('script.ps1');
    // UTF-8 with a BOM: without one, Windows PowerShell 5.1 reads a script in the ANSI code page.
    writeFileSync(file, `\ufeff${script}`);
    const args = [WINE, PWSH_EXE, '-NoLogo', ...(options.profile ? [] : ['-NoProfile']), '-NonInteractive', '-File', this.windowsPath(file)];
    const env = this.wineEnv({
      DOTNET_EnableWriteXorExecute: '0',
      POWERSHELL_TELEMETRY_OPTOUT: '1',
      POWERSHELL_UPDATECHECK: 'Off',
      AIGATE_WINE_NODE: this.nodeExeWindows,
      TERM: 'xterm',
      ...options.env,
    });
    const log = this.scratch('console');
    // script -e: its exit code is the child's.
    const exitCode = await new Promise<number>((finish, fail) => {
      const child = spawn('script', ['-qfec', args.map(shQuote).join(' '), log], { env, cwd: this.home, stdio: 'ignore' });
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
      child.on('error', fail);
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        finish(code ?? (signal ? 128 : -1));
      });
    });
    return { exitCode, output: cleanConsole(readFileSync(log, 'utf8')) };
  }
}

/** A console transcript without terminal escape sequences, Wine's volume notice, or carriage returns. */
function cleanConsole(text: string): string {
  return text
    .replace(/\x1b\][^\x07]*\x07/g, '')
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .replace(/\r/g, '')
    .split('\n')
    // `script`'s own header and footer, and Wine's notice that Z:\ has no volume label.
    .filter((line) => !/^(Script started on |Script done on |wine: Read access denied for device)/.test(line))
    .join('\n');
}
