// The Windows lane: the built aigate run by Windows' own node.exe (process.platform win32), and its
// PowerShell output run by a Windows pwsh.exe 7.6.10, both under Wine (see test/support/windows.ts
// for the lane and each Wine workaround; .ci/windows-lane.sh installs it). A developer without the
// lane sees one skip line with the reason; under CI=true a missing lane fails the run.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'smol-toml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hostileValues, seedFromEnv } from './support/fuzz.js';
import { psQuote, windowsLane, WINDOWS_USER } from './support/windows.js';

const lane = windowsLane();
const KEY = 'sk-win-0123456789abcdef';
const STRICT = "Set-StrictMode -Version Latest\n$ErrorActionPreference = 'Stop'\n";

/**
 * Values that break naive PowerShell or cmd.exe quoting: every quote PowerShell ends a '…' string at,
 * its variable, subexpression and escape characters, cmd.exe's metacharacters, and text outside ASCII
 * (which Windows PowerShell reads from a native command in the console code page).
 */
const HOSTILE: Record<string, string> = {
  APOSTROPHE: "it's",
  RIGHT_QUOTE: 'it’s ‘quoted’ ‚low‛',
  DOLLAR: '$env:PATH $(Get-Date) ${x} $null',
  BACKTICK: 'a`b `$x `n`0',
  NON_ASCII: 'Zoë ü € 中文 😀 é',
  DOUBLE_QUOTES: '"x" “y” „z”',
  CMD: '%PATH% !x! ^ & | < > ( ) %% 50%',
  BACKSLASH: 'C:\\Users\\x\\',
  TRAILING_SPACE: 'value  ',
  MULTILINE: 'one\r\ntwo\nthree\u2028four',
  HERE_STRING: "@'\n'@\n@\"\n\"@",
  DASHES: '--% -Command',
};

/** `aigate ARGS` as PowerShell calls it on Windows: node.exe on bin\aigate.cjs. */
function aigateCall(args: string): string {
  return `& ${psQuote(lane!.nodeExeWindows)} ${psQuote(lane!.aigateWindows)} ${args}`;
}

/** PowerShell lines that write the named variables of this process to `file` as JSON (null: unset). */
function readBack(names: string[], file: string): string {
  return [
    `$values = [ordered]@{}`,
    `foreach ($name in @(${names.map(psQuote).join(', ')})) { $values[$name] = [System.Environment]::GetEnvironmentVariable($name) }`,
    `[System.IO.File]::WriteAllText(${psQuote(lane!.windowsPath(file))}, (ConvertTo-Json -InputObject $values -Compress), [System.Text.UTF8Encoding]::new($false))`,
  ].join('\n');
}

function readJson(file: string): Record<string, string | null> {
  return JSON.parse(readFileSync(file, 'utf8').replace(/^\ufeff/, '')) as Record<string, string | null>;
}

/** config.toml where aigate looks on Windows, %APPDATA%\aigate. */
function writeConfig(document: Record<string, unknown>): string {
  const file = join(lane!.appData, 'aigate', 'config.toml');
  mkdirSync(join(lane!.appData, 'aigate'), { recursive: true });
  writeFileSync(file, stringify(document));
  return file;
}

// Each test takes 3–12 s alone (a pwsh.exe start under Wine is 4–8 s); more when the whole suite runs.
describe.runIf(lane)(`aigate on Windows: node.exe and pwsh.exe under Wine, as the user "${WINDOWS_USER}"`, { timeout: 120_000 }, () => {
  const w = lane!;
  beforeAll(() => w.start(), 120_000);
  afterAll(() => w.stop(), 60_000);
  beforeEach(() => w.resetUser());

  it('aigate env --shell powershell on win32 node prints ASCII that Windows pwsh evaluates to the exact values (1,000 seeded hostile values)', async () => {
    const seed = seedFromEnv();
    // '' included: PowerShell 7.6 on Windows keeps an empty variable (measured here; Windows
    // PowerShell 5.1's .NET Framework removes it instead). Four profiles of 250: Windows holds
    // 32,767 characters a variable, AIGATE_STATE included, so one profile cannot carry them all.
    const chunks = [0, 1, 2, 3].map((chunk) => ({
      ...(chunk === 0 && HOSTILE),
      ...Object.fromEntries(hostileValues(seed + chunk, 250).map((value, i) => [`FUZZ_${chunk}_${i}`, value])),
    }));
    writeConfig({
      profile: 'win0',
      profiles: Object.fromEntries(chunks.map((env, chunk) => [`win${chunk}`, { base_url: 'https://gw.example.test/v1', model: HOSTILE.NON_ASCII, env }])),
    });

    const printed = await w.aigate(['env', '--shell', 'powershell'], { env: { AIGATE_API_KEY: KEY } });
    expect(printed.stderr).toBe('');
    expect(printed.exitCode).toBe(0);
    // Windows PowerShell 5.1 decodes a native command's output in the console code page: ASCII only.
    expect(printed.stdout).toMatch(/^[\x20-\x7e\n]*$/);

    const outs = chunks.map((_, chunk) => w.scratch(`values-${chunk}.json`));
    const fixed = ['AIGATE_PROFILE', 'AIGATE_BASE_URL', 'AIGATE_MODEL', 'AIGATE_API_KEY', 'ANTHROPIC_BASE_URL', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_API_KEY'];
    // One pwsh, each profile in turn (aigate env switches from the one before, as `aigate use` does).
    const script = chunks.map((env, chunk) => `${aigateCall(`env --shell powershell --profile win${chunk}`)} | Out-String | Invoke-Expression\n${readBack([...fixed, ...Object.keys(env)], outs[chunk]!)}`).join('\n');
    const run = await w.pwsh(`${STRICT}${script}\n`, { env: { AIGATE_API_KEY: KEY, ANTHROPIC_API_KEY: 'sk-ant-users-own' } });
    expect(run.output.trim(), 'pwsh console').toBe('');
    expect(run.exitCode).toBe(0);
    let checked = 0;
    chunks.forEach((env, chunk) => {
      const values = readJson(outs[chunk]!);
      expect(values).toMatchObject({
        AIGATE_PROFILE: `win${chunk}`,
        AIGATE_BASE_URL: 'https://gw.example.test/v1',
        AIGATE_MODEL: HOSTILE.NON_ASCII,
        AIGATE_API_KEY: KEY,
        ANTHROPIC_BASE_URL: 'https://gw.example.test',
        ANTHROPIC_AUTH_TOKEN: KEY,
        ANTHROPIC_API_KEY: null,
      });
      const wrong = Object.keys(env).filter((name) => values[name] !== env[name]);
      expect(wrong.map((name) => [name, env[name], values[name]]), `seed ${seed} (AIGATE_FUZZ_SEED=${seed} reruns it)`).toEqual([]);
      checked += Object.keys(env).length;
    });
    expect(checked).toBeGreaterThanOrEqual(1000);
  });

  it('keeps its config in %APPDATA%\\aigate\\config.toml', async () => {
    const set = await w.aigate(['config', 'set', 'profiles.work.base_url', 'https://gw.example.test/v1']);
    expect(set.stderr).toBe('');
    expect(set.exitCode).toBe(0);
    expect(set.stdout).toContain(`${w.userProfile}\\AppData\\Roaming\\aigate\\config.toml`);
    const file = join(w.appData, 'aigate', 'config.toml');
    expect(readFileSync(file, 'utf8')).toContain('base_url = "https://gw.example.test/v1"');
    // Not the Unix places.
    expect(existsSync(join(w.home, '.config'))).toBe(false);

    const get = await w.aigate(['config', 'get', 'profiles.work.base_url']);
    expect(get).toEqual({ exitCode: 0, stdout: 'https://gw.example.test/v1\n', stderr: '' });
  });

  it('aigate login keeps the key in Windows Credential Manager (the win32 binary npm installs) and says so; without that binary, in %APPDATA%\\aigate\\credentials.json, and says why', async () => {
    const keyFile = join(w.appData, 'aigate', 'credentials.json');
    const login = await w.aigate(['login', '--stdin', '--no-verify'], { input: `${KEY}\r\n` });
    expect(login.exitCode, login.stderr).toBe(0);
    expect(login.stdout).toBe('aigate: stored the key sk-…cdef for profile "default" in Windows Credential Manager\n');
    expect(existsSync(keyFile)).toBe(false);
    // Another process finds it there: the key is in the credential store, not in anything aigate wrote.
    const key = await w.aigate(['key']);
    expect(key).toMatchObject({ exitCode: 0, stdout: `${KEY}\n` });
    const env = await w.aigate(['env', '--shell', 'cmd']);
    expect(env.stdout).toContain(`@set AIGATE_API_KEY=${KEY}\r\n`);
    const logout = await w.aigate(['logout']);
    expect(logout.stdout).toBe('aigate: removed the key of profile "default" from Windows Credential Manager\n');
    expect((await w.aigate(['key'])).exitCode).not.toBe(0);

    // As on a Windows where the optional binary did not install: the file fallback, and the reason.
    const noKeychain = { NODE_PATH: '' };
    const fallback = await w.aigate(['login', '--stdin', '--no-verify'], { input: `${KEY}\r\n`, env: noKeychain });
    expect(fallback.exitCode, fallback.stderr).toBe(0);
    expect(fallback.stdout).toMatch(/^aigate: stored the key sk-…cdef for profile "default" in C:\\users\\Zoë O'Brien\\AppData\\Roaming\\aigate\\credentials\.json \(in your user profile; no usable keychain here: the keychain library has no binary for win32-x64 here \(reinstalling aigate with npm fetches it\)\)\n$/);
    expect(JSON.parse(readFileSync(keyFile, 'utf8'))).toMatchObject({ default: KEY });
    expect(await w.aigate(['key'], { env: noKeychain })).toMatchObject({ exitCode: 0, stdout: `${KEY}\n` });
  });

  it('aigate install --shell powershell writes both editions\' profiles, and a new Windows pwsh has the variables', async () => {
    writeConfig({ profile: 'work', profiles: { work: { base_url: 'https://gw.example.test/v1', model: HOSTILE.RIGHT_QUOTE }, other: { base_url: 'https://other.example.test' } } });
    const install = await w.aigate(['install', '--shell', 'powershell']);
    // A new Windows client: Windows PowerShell 5.1 is Restricted (see the execution policy test).
    expect(install.stderr).toMatch(/^aigate: Windows PowerShell 5\.1 \(powershell\.exe\) will not run this profile: its execution policy is Restricted [^\n]*\n$/);
    expect(install.exitCode).toBe(0);
    const profiles = ['PowerShell', 'WindowsPowerShell'].map((edition) => join(w.home, 'Documents', edition, 'Microsoft.PowerShell_profile.ps1'));
    for (const profile of profiles) expect(existsSync(profile), profile).toBe(true);
    expect(readFileSync(profiles[1]!, 'utf8')).toBe(readFileSync(profiles[0]!, 'utf8'));

    const first = w.scratch('first.json');
    const second = w.scratch('second.json');
    const profilePath = w.scratch('profile-path');
    const names = ['AIGATE_PROFILE', 'AIGATE_BASE_URL', 'AIGATE_MODEL', 'AIGATE_API_KEY', 'ANTHROPIC_BASE_URL', 'ANTHROPIC_AUTH_TOKEN'];
    const script = [
      STRICT,
      // Windows' own answer for the profile path: the one aigate wrote.
      `[System.IO.File]::WriteAllText(${psQuote(w.windowsPath(profilePath))}, $PROFILE.CurrentUserCurrentHost)`,
      readBack(names, first),
      'aigate use other',
      readBack(names, second),
    ].join('\n');
    const run = await w.pwsh(script, { profile: true, env: { AIGATE_API_KEY: KEY } });
    expect(run.output.trim(), 'pwsh console').toBe('');
    expect(run.exitCode).toBe(0);
    expect(readFileSync(profilePath, 'utf8')).toBe(`${w.userProfile}\\Documents\\PowerShell\\Microsoft.PowerShell_profile.ps1`);
    expect(readJson(first)).toEqual({
      AIGATE_PROFILE: 'work',
      AIGATE_BASE_URL: 'https://gw.example.test/v1',
      AIGATE_MODEL: HOSTILE.RIGHT_QUOTE,
      AIGATE_API_KEY: KEY,
      ANTHROPIC_BASE_URL: 'https://gw.example.test',
      ANTHROPIC_AUTH_TOKEN: KEY,
    });
    expect(readJson(second)).toMatchObject({ AIGATE_PROFILE: 'other', AIGATE_BASE_URL: 'https://other.example.test/v1', ANTHROPIC_BASE_URL: 'https://other.example.test' });
  });

  it('the installed profile in Windows pwsh: off, use, a project on cd, the prompt keeping $LASTEXITCODE, aigate run through the function, completion', async () => {
    writeConfig({ profile: 'work', profiles: { work: { base_url: 'https://gw.example.test/v1' } } });
    expect((await w.aigate(['install', '--shell', 'powershell'])).exitCode).toBe(0);
    const project = join(w.home, 'proj ü');
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, '.aigate.toml'), 'model = "project/model"\n');
    // One scratch folder: each scratch() call makes a new one.
    const dir = dirname(w.scratch('x'));
    const out = (name: string) => join(dir, `${name}.json`);
    const file = (name: string) => join(dir, name);
    const names = ['AIGATE_PROFILE', 'AIGATE_MODEL', 'AIGATE_BASE_URL', 'ANTHROPIC_API_KEY'];
    const runOut = out('run');
    const agent = file('agent.cjs');
    writeFileSync(agent, "require('fs').writeFileSync(process.argv[2], JSON.stringify({ args: process.argv.slice(3), stdin: require('fs').readFileSync(0, 'utf8'), model: process.env.AIGATE_MODEL })); process.exitCode = 7;");
    const script = [
      STRICT,
      readBack(names, out('start')),
      'aigate off',
      readBack(names, out('off')),
      'aigate use work',
      `Set-Location -LiteralPath ${psQuote(w.windowsPath(project))}`,
      readBack(names, out('project')),
      `& ${psQuote(lane!.nodeExeWindows)} -e "process.exit(3)"`,
      '$null = prompt',
      `[System.IO.File]::WriteAllText(${psQuote(w.windowsPath(file('exit')))}, [string]$LASTEXITCODE)`,
      `'piped in' | aigate run ${psQuote(lane!.nodeExeWindows)} ${psQuote(w.windowsPath(agent))} ${psQuote(w.windowsPath(runOut))} 'two words' '' "it's"`,
      `[System.IO.File]::WriteAllText(${psQuote(w.windowsPath(file('run-exit')))}, [string]$LASTEXITCODE)`,
      'aigate completion powershell | Out-String | Invoke-Expression',
      `$words = (TabExpansion2 -inputScript 'aigate un' -cursorColumn 9).CompletionMatches | ForEach-Object { $_.CompletionText }`,
      `[System.IO.File]::WriteAllText(${psQuote(w.windowsPath(file('completion')))}, ($words -join ','))`,
      // An edit of config.toml, applied by `aigate reload`.
      `[System.IO.File]::WriteAllText(${psQuote(w.windowsPath(join(w.appData, 'aigate', 'config.toml')))}, "profile = 'work'\`n[profiles.work]\`nbase_url = 'https://gw2.example.test/v1'\`n")`,
      'aigate reload',
      readBack(names, out('reload')),
    ].join('\n');
    const run = await w.pwsh(script, { profile: true, env: { AIGATE_API_KEY: KEY, ANTHROPIC_API_KEY: 'sk-ant-users-own' } });
    expect(run.output.trim(), 'pwsh console').toBe('');
    expect(run.exitCode).toBe(0);
    expect(readJson(out('start'))).toMatchObject({ AIGATE_PROFILE: 'work', AIGATE_BASE_URL: 'https://gw.example.test/v1', ANTHROPIC_API_KEY: null });
    expect(readJson(out('off'))).toEqual({ AIGATE_PROFILE: null, AIGATE_MODEL: null, AIGATE_BASE_URL: null, ANTHROPIC_API_KEY: 'sk-ant-users-own' });
    expect(readJson(out('project'))).toMatchObject({ AIGATE_PROFILE: 'work', AIGATE_MODEL: 'project/model' });
    expect(readFileSync(file('exit'), 'utf8')).toBe('3');
    expect(readJson(runOut)).toEqual({ args: ['two words', '', "it's"], stdin: 'piped in\r\n', model: 'project/model' });
    expect(readFileSync(file('run-exit'), 'utf8')).toBe('7');
    expect(readFileSync(file('completion'), 'utf8').split(',')).toEqual(expect.arrayContaining(['uninstall', 'untrust']));
    expect(readJson(out('reload'))).toMatchObject({ AIGATE_PROFILE: 'work', AIGATE_BASE_URL: 'https://gw2.example.test/v1', AIGATE_MODEL: 'project/model' });
  });

  it('a new Windows pwsh starts from the cache in %USERPROFILE%\\.cache\\aigate: the variables without node, and no module loaded', async () => {
    writeConfig({ profile: 'work', profiles: { work: { base_url: 'https://gw.example.test/v1', model: 'gw/model' } } });
    expect((await w.aigate(['install', '--shell', 'powershell'])).exitCode).toBe(0);
    const dir = dirname(w.scratch('x'));
    const names = ['AIGATE_PROFILE', 'AIGATE_MODEL', 'AIGATE_BASE_URL', 'AIGATE_API_KEY'];
    const first = await w.pwsh(readBack(names, join(dir, 'first.json')), { profile: true, env: { AIGATE_API_KEY: KEY } });
    expect(first.output.trim(), 'pwsh console').toBe('');
    expect(existsSync(join(w.home, '.cache', 'aigate', 'env.powershell'))).toBe(true);
    // node is nowhere now: any run of aigate would fail aloud, and the variables would be missing.
    const modules = join(dir, 'modules.txt');
    const second = await w.pwsh(
      [readBack(names, join(dir, 'second.json')), `[System.IO.File]::WriteAllText(${psQuote(w.windowsPath(modules))}, ((Get-Module | ForEach-Object { $_.Name }) -join ','))`].join('\n'),
      { profile: true, env: { AIGATE_API_KEY: KEY, AIGATE_WINE_NODE: 'C:\\nowhere\\node.exe' } },
    );
    expect(second.output.trim(), 'pwsh console').toBe('');
    const expected = { AIGATE_PROFILE: 'work', AIGATE_MODEL: 'gw/model', AIGATE_BASE_URL: 'https://gw.example.test/v1', AIGATE_API_KEY: KEY };
    expect(readJson(join(dir, 'first.json'))).toEqual(expected);
    expect(readJson(join(dir, 'second.json'))).toEqual(expected);
    // Only what the script itself loaded (Get-Module's own module), none by the profile.
    expect(readFileSync(modules, 'utf8')).toBe('Microsoft.PowerShell.Utility');
  });

  it('install and uninstall keep a Windows PowerShell 5.1 profile as 5.1 writes it: UTF-16LE with a BOM, CRLF, byte for byte', async () => {
    writeConfig({ profile: 'work', profiles: { work: { base_url: 'https://gw.example.test/v1' } } });
    const profile = join(w.home, 'Documents', 'WindowsPowerShell', 'Microsoft.PowerShell_profile.ps1');
    mkdirSync(dirname(profile), { recursive: true });
    const original = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("# mine, ü\r\nSet-Alias ll Get-ChildItem\r\n", 'utf16le')]);
    writeFileSync(profile, original);
    expect((await w.aigate(['install', '--shell', 'powershell'])).exitCode).toBe(0);
    const installed = readFileSync(profile);
    expect([...installed.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const text = installed.subarray(2).toString('utf16le');
    expect(text.startsWith("# mine, ü\r\nSet-Alias ll Get-ChildItem\r\n")).toBe(true);
    expect(text).toContain('aigate');
    expect(text.replaceAll('\r\n', '')).not.toContain('\n'); // CRLF throughout, as the file had
    expect((await w.aigate(['uninstall', '--shell', 'powershell'])).exitCode).toBe(0);
    expect(readFileSync(profile).equals(original)).toBe(true);
  });

  it('aigate setup writes each agent\'s own file under %USERPROFILE%, which parses, and --remove takes it back', async () => {
    writeConfig({ profile: 'work', profiles: { work: { base_url: 'https://gw.example.test/v1' } } });
    const files: Record<string, string> = {
      codex: join(w.home, '.codex', 'config.toml'),
      claude: join(w.home, '.claude', 'settings.json'),
      opencode: join(w.home, '.config', 'opencode', 'opencode.json'),
      kilo: join(w.home, '.config', 'kilo', 'kilo.jsonc'),
      continue: join(w.home, '.continue', 'config.yaml'),
    };
    const { parse: parseYaml } = await import('yaml');
    for (const [agent, file] of Object.entries(files)) {
      const setup = await w.aigate(['setup', agent, ...(agent === 'opencode' ? ['--global'] : [])], { env: { AIGATE_API_KEY: KEY } });
      expect(setup.exitCode, `${agent}: ${setup.stderr}`).toBe(0);
      expect(setup.stdout, agent).toContain(`created ${w.userProfile}\\`);
      const text = readFileSync(file, 'utf8');
      expect(text, agent).not.toContain(KEY);
      const data = agent === 'codex' ? (await import('smol-toml')).parse(text) : agent === 'continue' ? parseYaml(text) : JSON.parse(text.replace(/^\s*\/\/.*$/gm, ''));
      expect(JSON.stringify(data), agent).toContain('gw.example.test');
      const removed = await w.aigate(['setup', agent, '--remove', ...(agent === 'opencode' ? ['--global'] : [])]);
      expect(removed.exitCode, `${agent}: ${removed.stderr}`).toBe(0);
      expect(existsSync(file), agent).toBe(false); // a file aigate created, holding nothing else, goes
    }
  });

  it('the safe writer under Windows rules: a file another program holds open, and one with the read-only attribute, are refused in one line with nothing lost', async () => {
    writeConfig({ profile: 'work', profiles: { work: { base_url: 'https://gw.example.test/v1' } } });
    const file = join(w.home, '.codex', 'config.toml');
    mkdirSync(dirname(file), { recursive: true });
    const original = '# mine\r\nmodel = "gpt-5"\r\n';
    writeFileSync(file, original);
    const leftovers = () => readdirSync(dirname(file)).filter((name) => name !== 'config.toml').sort();

    // Another program reads the file, letting others read it but not replace it (.NET's FileShare.Read,
    // as many Windows programs open files): Windows refuses the rename over it.
    const ready = w.scratch('ready');
    const release = w.scratch('release');
    const holder = w.pwsh([
      STRICT,
      `$held = [System.IO.File]::Open(${psQuote(w.windowsPath(file))}, 'Open', 'Read', 'Read')`,
      `[System.IO.File]::WriteAllText(${psQuote(w.windowsPath(ready))}, 'held')`,
      `$deadline = [DateTime]::UtcNow.AddSeconds(60)`,
      `while (-not [System.IO.File]::Exists(${psQuote(w.windowsPath(release))}) -and [DateTime]::UtcNow -lt $deadline) { [System.Threading.Thread]::Sleep(100) }`,
      '$held.Close()',
    ].join('\n'));
    for (let waited = 0; !existsSync(ready); waited += 100) {
      if (waited > 60_000) throw new Error('pwsh.exe did not open the file');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const busy = await w.aigate(['setup', 'codex'], { env: { AIGATE_API_KEY: KEY } });
    writeFileSync(release, '');
    expect((await holder).exitCode).toBe(0);
    expect(busy.exitCode).toBe(1);
    expect(busy.stderr).toBe(`aigate: ${w.userProfile}\\.codex\\config.toml is open in another program, which keeps it from being replaced: close it, then run the command again; nothing was changed\n`);
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect(leftovers()).toEqual([]);

    // The read-only attribute (attrib +r): the user's word that the file is not to be changed.
    const attrib = await w.wine(['attrib.exe', '+r', w.windowsPath(file)]);
    expect(attrib.exitCode).toBe(0);
    const readOnly = await w.aigate(['setup', 'codex'], { env: { AIGATE_API_KEY: KEY } });
    expect(readOnly.exitCode).toBe(1);
    expect(readOnly.stderr).toBe(`aigate: ${w.userProfile}\\.codex\\config.toml is read-only; aigate changed nothing: clear its read-only attribute (attrib -r "${w.userProfile}\\.codex\\config.toml") if aigate may change it\n`);
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect(leftovers()).toEqual([]);
    await w.wine(['attrib.exe', '-r', w.windowsPath(file)]);
    const written = await w.aigate(['setup', 'codex'], { env: { AIGATE_API_KEY: KEY } });
    expect(written.exitCode, written.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('# mine\r\n');
  });

  it('aigate run through an npm .cmd shim passes every argument and the exit code exactly', async () => {
    writeConfig({ profile: 'work', profiles: { work: { base_url: 'https://gw.example.test/v1' } } });
    const out = w.scratch('agent.json');
    w.npmShim(
      'fake-agent',
      [
        "const { writeFileSync } = require('node:fs');",
        'writeFileSync(process.env.FAKE_OUT, JSON.stringify({ argv: process.argv.slice(2), base: process.env.AIGATE_BASE_URL ?? null, key: process.env.AIGATE_API_KEY ?? null }));',
        "process.stdout.write('agent out ✓\\n');",
        "process.stderr.write('agent err ✓\\n');",
        'process.exitCode = Number(process.env.FAKE_EXIT);',
      ].join('\n'),
    );
    // Arguments cmd.exe could mangle, as cross-spawn escapes them for a .cmd shim ("…" with each
    // metacharacter ^-escaped twice). Left out, since Wine's cmd.exe differs from Windows' on them
    // (measured here; Windows passes them unchanged, per cmd.exe's parsing rules and cross-spawn's
    // Windows tests): '%PATH%' arrives expanded, '50%' as '50', '%' as '', '%%' as '%', '%~dp0' and
    // '%1' expanded, and 'x"&"y' splits the command line. Wine also counts an escaped ^" as a quote, so
    // an argument with a " goes in a call of its own: beside a & or | it would split the line (and
    // ['a\\"b', 'c\\\\'] arrive as ['a\\"b', 'c\\"'], where Windows passes cross-spawn's own test of them).
    const plain = ['plain', 'two words', '', '--help', '-p', '--', "it's", '$x', '`y', 'ü ’ € 中', 'a\\b\\', 'tab\there',
      '&', '|', '<', '>', '^', '^^', 'a^b', '!x!', '(', ')', 'a&b', ' lead', 'trail ', ';', ',', '=', '*', '?'];
    const calls: Array<[number, string[]]> = [[42, plain], [0, ['quote"inside', 'x y']], [255, ['"']], [1, ['a\\"b', 'x y']]];
    for (const [code, args] of calls) {
      const run = await w.aigate(['run', 'fake-agent', ...args], { env: { AIGATE_API_KEY: KEY, FAKE_OUT: w.windowsPath(out), FAKE_EXIT: String(code) } });
      expect(run, `exit ${code}`).toEqual({ exitCode: code, stdout: 'agent out ✓\n', stderr: 'agent err ✓\n' });
      expect(readJson(out)).toEqual({ argv: args, base: 'https://gw.example.test/v1', key: KEY });
    }
  });

  it('aigate run compares variable names without case, as Windows does: a user\'s anthropic_api_key is removed like ANTHROPIC_API_KEY', async () => {
    writeConfig({ profile: 'work', profiles: { work: { base_url: 'https://gw.example.test/v1' } } });
    const out = w.scratch('caseless.json');
    w.npmShim(
      'env-agent',
      [
        "const { writeFileSync } = require('node:fs');",
        "const names = Object.keys(process.env).filter((n) => /^(anthropic_api_key|claude_code_use_bedrock|aigate_base_url)$/i.test(n));",
        'writeFileSync(process.env.FAKE_OUT, JSON.stringify({ names, key: process.env.ANTHROPIC_API_KEY ?? null, bedrock: process.env.CLAUDE_CODE_USE_BEDROCK ?? null, base: process.env.AIGATE_BASE_URL ?? null }));',
      ].join('\n'),
    );
    // Spelled as a user may have set them; on Windows each is the same variable as the upper-case name.
    const env = { AIGATE_API_KEY: KEY, FAKE_OUT: w.windowsPath(out), anthropic_api_key: 'sk-users-own-key', Claude_Code_Use_Bedrock: '1', aigate_base_url: '' };
    const run = await w.aigate(['run', 'env-agent'], { env });
    expect(run.exitCode, run.stderr).toBe(0);
    const seen = readJson(out) as unknown as { names: string[]; key: string | null; bedrock: string | null; base: string | null };
    expect(seen).toMatchObject({ key: null, bedrock: null, base: 'https://gw.example.test/v1' });
    expect(seen.names).toEqual(['AIGATE_BASE_URL']);
  });

  it('aigate env --shell cmd: a batch block that `call` applies in cmd.exe, exact for 1,000 hostile values with delayed expansion off and on; `off` restores', async () => {
    const seed = seedFromEnv();
    // What cmd.exe cannot carry is refused (tested below); everything else must come through.
    const values = hostileValues(seed, 6000).filter((value) => value !== '' && !/[\r\n\x1a!]|[^\x00-\x7f]/.test(value)).slice(0, 1000);
    expect(values.length).toBe(1000);
    // Batches of 50 variables: AIGATE_STATE grows with every variable and must fit in one batch line.
    const batches = Array.from({ length: 20 }, (_, b) => Object.fromEntries(values.slice(b * 50, b * 50 + 50).map((value, i) => [`FUZZ_${b * 50 + i}`, value])));
    const profiles = Object.fromEntries(batches.map((env, b) => [`b${b}`, { base_url: 'https://gw.example.test/v1', env }]));
    writeConfig({ profile: 'b0', profiles });

    // Wine workaround: Wine's cmd.exe decodes a batch file as code page 437, so the driver and the
    // files it names stay in an ASCII folder (the user's %TEMP% holds the ë of "Zoë").
    const dir = join(w.prefix, 'drive_c', 'cmdlane');
    mkdirSync(dir, { recursive: true });
    const at = (name: string) => `C:\\cmdlane\\${name}`;
    // Wine workaround: node.exe cannot write to a pipe, so the values are read back by a node.exe
    // script that writes them to a file (byte for byte, whatever the code page).
    writeFileSync(join(dir, 'dump.js'), "require('node:fs').writeFileSync(process.argv[2], JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(FUZZ_|AIGATE_|ANTHROPIC_)/i.test(k)))));\n");
    const node = `"${w.nodeExeWindows}"`;
    const aigate = `${node} "${w.aigateWindows}"`;
    const lines = ['@echo off'];
    batches.forEach((_, b) => {
      lines.push(
        `${aigate} env --shell cmd --profile b${b} > ${at(`env-${b}.cmd`)} 2> ${at(`env-${b}.err`)}`,
        'setlocal DisableDelayedExpansion',
        `call ${at(`env-${b}.cmd`)}`,
        `${node} ${at('dump.js')} ${at(`off-${b}.json`)}`,
        'endlocal',
        // The same block under delayed expansion (as `cmd /v:on` or the DelayedExpansion setting runs it).
        'setlocal EnableDelayedExpansion',
        `call ${at(`env-${b}.cmd`)}`,
        `${node} ${at('dump.js')} ${at(`on-${b}.json`)}`,
        'endlocal',
      );
    });
    lines.push(
      'setlocal',
      `call ${at('env-0.cmd')}`,
      `${aigate} off --shell cmd > ${at('off.cmd')} 2> ${at('off.err')}`,
      `call ${at('off.cmd')}`,
      `${node} ${at('dump.js')} ${at('after-off.json')}`,
      'endlocal',
    );
    writeFileSync(join(dir, 'run.cmd'), `${lines.join('\r\n')}\r\n`);
    const run = await w.wine(['cmd.exe', '/c', at('run.cmd')], { env: { AIGATE_API_KEY: KEY, ANTHROPIC_API_KEY: 'sk-ant-users-own', FUZZ_0: 'mine' }, timeoutMs: 600_000 });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);

    const wrong: unknown[] = [];
    batches.forEach((env, b) => {
      expect(readFileSync(join(dir, `env-${b}.err`), 'utf8'), `batch ${b}`).toBe('');
      const block = readFileSync(join(dir, `env-${b}.cmd`), 'latin1');
      // ASCII (control characters of the values included), every line ending in CRLF, no other CR or LF.
      expect(block).toMatch(/^([\x01-\x09\x0b\x0c\x0e-\x7f]*\r\n)+$/);
      for (const mode of ['off', 'on']) {
        const got = readJson(join(dir, `${mode}-${b}.json`));
        expect(got, `batch ${b}, delayed expansion ${mode}`).toMatchObject({ AIGATE_PROFILE: `b${b}`, AIGATE_API_KEY: KEY, ANTHROPIC_AUTH_TOKEN: KEY, ANTHROPIC_BASE_URL: 'https://gw.example.test' });
        expect(got.ANTHROPIC_API_KEY).toBeUndefined();
        for (const [name, value] of Object.entries(env)) if (got[name] !== value) wrong.push([mode, name, value, got[name]]);
      }
    });
    expect(wrong, `seed ${seed} (AIGATE_FUZZ_SEED=${seed} reruns it)`).toEqual([]);

    expect(readFileSync(join(dir, 'off.err'), 'utf8')).toBe('');
    const after = readJson(join(dir, 'after-off.json'));
    expect(after).toEqual({ AIGATE_API_KEY: KEY, ANTHROPIC_API_KEY: 'sk-ant-users-own', FUZZ_0: 'mine' });
  });

  it('the README\'s cmd line, in a batch file with aigate as an npm .cmd shim: applies the profile, deletes the file, and leaves cmd.exe alone when aigate fails', async () => {
    writeConfig({ profile: 'work', profiles: { work: { base_url: 'https://gw.example.test/v1', env: { CMD_VALUE: '50% ^ & "x' } }, bad: { base_url: 'https://gw.example.test/v1', env: { CMD_VALUE: 'line\nbreak' } } } });
    // ASCII folders (Wine workaround: batch files decoded as code page 437; see the test above).
    const dir = join(w.prefix, 'drive_c', 'cmdreadme');
    mkdirSync(join(dir, 'bin'), { recursive: true });
    const at = (name: string) => `C:\\cmdreadme\\${name}`;
    // What npm's shim comes down to: node.exe on aigate's launcher, every argument passed on.
    writeFileSync(join(dir, 'bin', 'aigate.cmd'), `@"${w.nodeExeWindows}" "${w.aigateWindows}" %*\r\n`);
    writeFileSync(join(dir, 'dump.js'), "require('node:fs').writeFileSync(process.argv[2], JSON.stringify({ profile: process.env.AIGATE_PROFILE ?? null, value: process.env.CMD_VALUE ?? null, left: require('node:fs').existsSync(process.env.TEMP + '\\\\aigate-env.cmd') }));\n");
    const readme = (profile: string) => `call aigate env --shell cmd --profile ${profile} > "%TEMP%\\aigate-env.cmd" && call "%TEMP%\\aigate-env.cmd" & del "%TEMP%\\aigate-env.cmd"`;
    const node = `"${w.nodeExeWindows}" ${at('dump.js')}`;
    const lines = ['@echo off', readme('work'), `${node} ${at('work.json')}`, readme('bad'), `${node} ${at('bad.json')}`];
    writeFileSync(join(dir, 'run.cmd'), `${lines.join('\r\n')}\r\n`);
    const run = await w.wine(['cmd.exe', '/c', at('run.cmd')], { env: { AIGATE_API_KEY: KEY, WINEPATH: `C:\\cmdreadme\\bin;${w.wineEnvPath}` } });
    // The one line the user sees when aigate refuses; nothing else (no "file not found" from call or del).
    expect(run.stderr).toMatch(/^aigate: the value of CMD_VALUE contains a line break[^\n]*\n$/);
    expect(run.exitCode).toBe(0);
    expect(readJson(join(dir, 'work.json'))).toEqual({ profile: 'work', value: '50% ^ & "x', left: false });
    // aigate refused: nothing applied, the file (empty) removed all the same.
    expect(readJson(join(dir, 'bad.json'))).toEqual({ profile: 'work', value: '50% ^ & "x', left: false });
  });

  it('aigate env --shell cmd refuses, by name and in one line, what a batch line cannot carry', async () => {
    const refused: Record<string, [string, RegExp]> = {
      LINE_BREAK: ['one\ntwo', /line break/],
      CARRIAGE_RETURN: ['one\rtwo', /line break/],
      // Windows' cmd.exe reads Ctrl-Z as a line feed; Wine's keeps it (refused for Windows' sake).
      CTRL_Z: ['one\x1atwo', /Ctrl-Z/],
      NON_ASCII: ['Zoë', /non-ASCII/],
      BANG: ['hi!', /"!"/],
      EMPTY: ['', /empty/],
      LONG: ['x'.repeat(9000), /too long/],
      cd: ['C:\\', /cmd\.exe keeps for itself/],
    };
    writeConfig({ profiles: Object.fromEntries(Object.entries(refused).map(([name, [value]]) => [name.toLowerCase(), { base_url: 'https://gw.example.test/v1', env: { [name]: value } }])) });
    const outcomes = await Promise.all(Object.keys(refused).map((name) => w.aigate(['env', '--shell', 'cmd', '--profile', name.toLowerCase()], { env: { AIGATE_API_KEY: KEY } })));
    Object.entries(refused).forEach(([name, [, reason]], i) => {
      const outcome = outcomes[i]!;
      expect(outcome.stdout, name).toBe('');
      expect(outcome.exitCode, name).not.toBe(0);
      expect(outcome.stderr, name).toMatch(new RegExp(`^aigate: .*\\b${name}\\b[^\\n]*\\n$`));
      expect(outcome.stderr, name).toMatch(reason);
    });
  });

  it('aigate install --shell powershell names each edition whose execution policy would not run the profile, read from the registry and powershell.config.json', async () => {
    writeConfig({ profile: 'work', profiles: { work: { base_url: 'https://gw.example.test/v1' } } });
    const reg = async (...args: string[]) => expect((await w.wine(['reg', ...args, '/f'])).exitCode, `reg ${args.join(' ')}`).toBe(0);
    const shellIds = 'HKCU\\Software\\Microsoft\\PowerShell\\1\\ShellIds\\Microsoft.PowerShell';
    const machineIds = 'HKLM\\Software\\Microsoft\\PowerShell\\1\\ShellIds\\Microsoft.PowerShell';
    const pwshPolicy = 'HKLM\\Software\\Policies\\Microsoft\\PowerShellCore';
    const windowsPolicy = 'HKCU\\Software\\Policies\\Microsoft\\Windows\\PowerShell';
    const install = async () => {
      const outcome = await w.aigate(['install', '--shell', 'powershell']);
      expect(outcome.exitCode).toBe(0);
      return outcome.stderr.split('\n').filter(Boolean);
    };
    const pwshFix = 'run in pwsh: Set-ExecutionPolicy -Scope CurrentUser RemoteSigned';
    const windowsFix = 'run in powershell.exe: Set-ExecutionPolicy -Scope CurrentUser RemoteSigned';
    try {
      // Nothing set: PowerShell 7 runs it (RemoteSigned, its own config), 5.1 is Restricted (the client default).
      expect(await install()).toEqual([`aigate: Windows PowerShell 5.1 (powershell.exe) will not run this profile: its execution policy is Restricted (the default on Windows client editions); ${windowsFix}`]);

      // What Set-ExecutionPolicy -Scope CurrentUser RemoteSigned writes, in each edition.
      await reg('add', shellIds, '/v', 'ExecutionPolicy', '/t', 'REG_SZ', '/d', 'RemoteSigned');
      expect(await install()).toEqual([]);

      // LocalMachine AllSigned (5.1) is outranked by CurrentUser; the user's own PowerShell 7 config is read.
      await reg('add', machineIds, '/v', 'ExecutionPolicy', '/t', 'REG_SZ', '/d', 'AllSigned');
      const userConfig = join(w.home, 'Documents', 'PowerShell', 'powershell.config.json');
      writeFileSync(userConfig, '\ufeff{"Microsoft.PowerShell:ExecutionPolicy":"Restricted"}');
      expect(await install()).toEqual([`aigate: PowerShell 7 (pwsh) will not run this profile: its execution policy is Restricted (${w.userProfile}\\Documents\\PowerShell\\powershell.config.json); ${pwshFix}`]);

      // CurrentUser Restricted in 5.1, and Group Policy for PowerShell 7 outranking the user's RemoteSigned.
      writeFileSync(userConfig, '{"Microsoft.PowerShell:ExecutionPolicy":"RemoteSigned"}');
      await reg('add', shellIds, '/v', 'ExecutionPolicy', '/t', 'REG_SZ', '/d', 'Restricted');
      await reg('add', pwshPolicy, '/v', 'EnableScripts', '/t', 'REG_DWORD', '/d', '1');
      await reg('add', pwshPolicy, '/v', 'ExecutionPolicy', '/t', 'REG_SZ', '/d', 'AllSigned');
      expect(await install()).toEqual([
        `aigate: PowerShell 7 (pwsh) will not run this profile: its execution policy is AllSigned (Group Policy (HKLM\\${pwshPolicy.slice(5)})); Group Policy sets it: only an administrator can change it`,
        `aigate: Windows PowerShell 5.1 (powershell.exe) will not run this profile: its execution policy is Restricted (${shellIds}); ${windowsFix}`,
      ]);

      // Group Policy allowing scripts outranks the CurrentUser Restricted of 5.1.
      await reg('delete', pwshPolicy);
      await reg('add', windowsPolicy, '/v', 'EnableScripts', '/t', 'REG_DWORD', '/d', '1');
      await reg('add', windowsPolicy, '/v', 'ExecutionPolicy', '/t', 'REG_SZ', '/d', 'RemoteSigned');
      expect(await install()).toEqual([]);
    } finally {
      for (const key of [shellIds, machineIds, pwshPolicy, windowsPolicy]) await w.wine(['reg', 'delete', key, '/f']);
    }
  });

  it('install and uninstall follow a Documents folder that OneDrive moved (User Shell Folders\\Personal), as PowerShell\'s $PROFILE does', async () => {
    writeConfig({ profile: 'work', profiles: { work: { base_url: 'https://gw.example.test/v1' } } });
    const folders = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders';
    // As OneDrive's Known Folder Move leaves it for a work account; a name outside ASCII, which
    // `reg query` would print in the console code page. (Not ’: PowerShell 7.6.10 loads no profile
    // from a path holding one, on Windows too; see WINDOWS_USER.)
    const moved = "OneDrive - Zoë's Org\\Documents";
    const setPersonal = (value: string) => w.wine(['reg', 'add', folders, '/v', 'Personal', '/t', 'REG_EXPAND_SZ', '/d', value, '/f']);
    try {
      expect((await setPersonal(`%USERPROFILE%\\${moved}`)).exitCode).toBe(0);
      mkdirSync(w.linuxPath(`${w.userProfile}\\${moved}`), { recursive: true });
      const profiles = ['PowerShell', 'WindowsPowerShell'].map((edition) => `${w.userProfile}\\${moved}\\${edition}\\Microsoft.PowerShell_profile.ps1`);

      const install = await w.aigate(['install', '--shell', 'powershell']);
      expect(install.exitCode).toBe(0);
      expect(install.stdout.split('\n').filter(Boolean)).toEqual(profiles.map((file) => `aigate: installed in ${file}; open a new shell to use it`));
      for (const file of profiles) expect(existsSync(w.linuxPath(file)), file).toBe(true);
      expect(existsSync(join(w.home, 'Documents', 'PowerShell'))).toBe(false);

      // Windows' own answer ($PROFILE), and the profile loaded from there.
      const out = w.scratch('moved.json');
      const profilePath = w.scratch('profile-path');
      const run = await w.pwsh(`${STRICT}[System.IO.File]::WriteAllText(${psQuote(w.windowsPath(profilePath))}, $PROFILE.CurrentUserCurrentHost)\n${readBack(['AIGATE_PROFILE'], out)}\n`, { profile: true, env: { AIGATE_API_KEY: KEY } });
      expect(run.output.trim(), 'pwsh console').toBe('');
      expect(readFileSync(profilePath, 'utf8')).toBe(profiles[0]);
      expect(readJson(out)).toEqual({ AIGATE_PROFILE: 'work' });

      const uninstall = await w.aigate(['uninstall', '--shell', 'powershell']);
      expect(uninstall.exitCode).toBe(0);
      for (const file of profiles) expect(existsSync(w.linuxPath(file)), file).toBe(false);
    } finally {
      await setPersonal('%USERPROFILE%\\Documents');
    }
  });

  it('aigate doctor: an agent not on PATH is "not installed"; one installed by npm shows its version', async () => {
    // npm's global folder here has no space in its path: Wine's cmd.exe cannot run a .cmd whose path
    // has one as cross-spawn escapes it (C:\users\Zoë^ O'Brien\…), which Windows' cmd.exe runs
    // (cross-spawn's own Windows tests run a .bat named "()%!^&;, ").
    const prefix = join(w.prefix, 'drive_c', 'npm-global');
    mkdirSync(prefix, { recursive: true });
    w.npmShim('claude', "console.log(process.argv[2] === '--version' ? '2.1.200 (Claude Code)' : 'unexpected');", prefix);
    const doctor = await w.aigate(['doctor'], { env: { AIGATE_API_KEY: KEY, WINEPATH: `C:\\npm-global;${w.wineEnvPath}` } });
    expect(doctor.stderr).toBe('');
    expect(doctor.stdout).toMatch(/^ok +claude +Claude Code 2\.1\.200 \(Claude Code\)$/m);
    expect(doctor.stdout).toMatch(/^warn +codex +Codex CLI: not installed \(not on PATH\)$/m);
    expect(doctor.stdout).toMatch(/^ +fix: npm i -g @openai\/codex$/m);
    // cmd.exe's own text for a missing program ("is not recognized" on Windows, "Can't recognize" in Wine).
    expect(doctor.stdout).not.toMatch(/recogni[sz]e/i);
  });
});
