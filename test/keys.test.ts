import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AIGATE, aigate, cleanEnv, tempDir } from './support/cli.js';
import { filesHolding } from './support/files.js';
import { InteractiveShell } from './support/interactive.js';
import { type MockGateway, startMockGateway } from './support/mock-gateway.js';
import { has } from './support/tools.js';

const KEY = 'sk-keys-test-0123456789abcdef';
let mock: MockGateway;
beforeAll(async () => {
  mock = await startMockGateway();
});
afterAll(() => mock.close());
beforeEach(() => {
  delete mock.override;
});

function setup(extra: Record<string, string> = {}) {
  const home = tempDir('aigate-keys-');
  const dir = join(home, '.config', 'aigate');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.toml'), `[profiles.default]\nbase_url = "${mock.root}/v1"\n`, { mode: 0o600 });
  return { home, dir, env: cleanEnv(home, extra) };
}

const filesHoldingKey = (dir: string) => filesHolding(dir, KEY);

describe('aigate login / logout with the system keychain (a real Secret Service)', () => {
  const available = has('dbus-run-session') && has('gnome-keyring-daemon') && has('secret-tool');
  it.runIf(available)('stores in the keychain and in no file; logout removes it', async () => {
    const { home, env } = setup();
    // A private session bus with an unlocked gnome-keyring, as on a desktop; every step inside it.
    const script = `
      printf %s pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
      printf '%s\\n' "$KEY" | "$NODE" "$AIGATE" login
      echo "lookup: $(secret-tool search service aigate 2>/dev/null | grep '^secret = ' )"
      echo "key: $("$NODE" "$AIGATE" key)"
      "$NODE" "$AIGATE" logout
      echo "after logout: $(secret-tool search service aigate 2>/dev/null | grep -c '^secret = ')"
    `;
    const result = await execa('dbus-run-session', ['--', 'sh', '-c', script], { env: { ...env, KEY, NODE: process.execPath, AIGATE }, extendEnv: false, reject: false, cwd: home });
    expect(result.stdout).toContain('stored the key sk-…cdef for profile "default" in the Secret Service (the desktop keychain)');
    expect(result.stdout).toContain(`lookup: secret = ${KEY}`);
    expect(result.stdout).toContain(`key: ${KEY}`);
    expect(result.stdout).toContain('removed the key of profile "default" from the Secret Service (the desktop keychain)');
    expect(result.stdout).toContain('after logout: 0');
    expect(mock.received.some((r) => r.path === '/v1/models' && r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(filesHoldingKey(home)).toEqual([]);
  });
});

describe('aigate login without a keychain', () => {
  it('falls back to a 0600 file beside the config, and says so', async () => {
    const { dir, env } = setup();
    const result = await aigate(['login', '--no-verify'], env, { input: `${KEY}\n` });
    expect(result.exitCode, result.stderr).toBe(0);
    const file = join(dir, 'credentials.json');
    expect(result.stdout).toContain(`in ${file} (mode 0600; no usable keychain here:`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await aigate(['key'], env)).stdout).toBe(KEY);
    expect((await aigate(['env', '--explain'], env)).stdout).toMatch(new RegExp(`AIGATE_API_KEY +sk-…cdef\\s+${file.replaceAll('.', '\\.')}`));
    expect((await aigate(['logout'], env)).stdout).toContain(`removed the key of profile "default" from ${file}`);
    expect((await aigate(['key'], env)).exitCode).not.toBe(0);
  });

  it('does not store a key the gateway rejects', async () => {
    mock.override = (_request, response) => {
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"message":"invalid key"}}');
      return true;
    };
    const { dir, env } = setup();
    const result = await aigate(['login'], env, { input: `${KEY}\n` });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('401: the gateway rejected the key sk-…cdef');
    expect(result.stderr).toContain('the key was not stored');
    expect(result.stdout + result.stderr).not.toContain(KEY);
    expect(existsSync(join(dir, 'credentials.json'))).toBe(false);
  });

  it('explains an unreachable gateway and stores nothing without a terminal to confirm', async () => {
    const { dir, env } = setup();
    writeFileSync(join(dir, 'config.toml'), '[profiles.default]\nbase_url = "http://127.0.0.1:1/v1"\n');
    const result = await aigate(['login'], env, { input: `${KEY}\n` });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/could not reach 127\.0\.0\.1:1.*; the key was not stored \(to store it unchecked: aigate login --no-verify\)/);
    expect(existsSync(join(dir, 'credentials.json'))).toBe(false);
  });

  it.runIf(has('tmux'))('asks at a terminal with hidden input: the key never shows on screen', async () => {
    const { home, dir, env } = setup();
    const sh = await InteractiveShell.start(['bash', '--norc', '--noprofile', '-i'], home, { ...env, PS1: '$ ' });
    try {
      await sh.send(`"${process.execPath}" "${AIGATE}" login --no-verify`);
      await sh.waitForScreen('AIGate API key for profile "default" (hidden):');
      await sh.send(KEY);
      const deadline = Date.now() + 15_000;
      const stored = join(dir, 'credentials.json');
      while (!existsSync(stored) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(JSON.parse(readFileSync(stored, 'utf8')).default).toBe(KEY);
      expect(await sh.screen()).not.toContain(KEY);
    } finally {
      await sh.stop();
    }
  });
});

describe('api_key_command and a literal api_key', () => {
  const withConfig = (text: string, extra: Record<string, string> = {}) => {
    const { dir, env } = setup(extra);
    writeFileSync(join(dir, 'config.toml'), `[profiles.default]\nbase_url = "${mock.root}/v1"\n${text}`, { mode: 0o600 });
    return { dir, env };
  };

  it('takes the key from the command\'s output, trimmed', async () => {
    const { env } = withConfig(`api_key_command = "printf '  ${KEY}\\\\n'"\n`);
    expect((await aigate(['key'], env)).stdout).toBe(KEY);
    expect((await aigate(['env', '--explain'], env)).stdout).toMatch(/AIGATE_API_KEY +sk-…cdef\s+api_key_command `printf/);
  });

  it('names a failing command and its exit status, and never shows its output', async () => {
    const { env } = withConfig('api_key_command = "echo $SECRET; echo $SECRET >&2; exit 3"\n', { SECRET: KEY });
    const result = await aigate(['env', '--shell', 'bash'], env);
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('api_key_command `echo $SECRET; echo $SECRET >&2; exit 3` failed (exit status 3); its output is not shown');
    expect(result.stderr).not.toContain(KEY);
  });

  it('gives up on a slow command', async () => {
    const { env } = withConfig('api_key_command = "sleep 5"\n', { AIGATE_KEY_COMMAND_TIMEOUT: '1' });
    const result = await aigate(['key'], env);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('api_key_command `sleep 5` did not finish within 1 s');
  });

  it('accepts a literal api_key with a warning, and refuses it while others can read the file', async () => {
    const { dir, env } = withConfig(`api_key = "${KEY}"\n`);
    const ok = await aigate(['env', '--shell', 'bash'], env);
    expect(ok.exitCode).toBe(0);
    expect(ok.stderr).toContain('holds the API key in plain text; `aigate login` keeps it in the system keychain instead');
    chmodSync(join(dir, 'config.toml'), 0o644);
    const refused = await aigate(['env', '--shell', 'bash'], env);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('holds api_key but others can read it (mode 644): run `chmod 600');
  });
});

describe('aigate profile and config keep the user\'s config.toml', () => {
  it('add, set, use and remove leave everything else byte for byte', async () => {
    const { dir, env } = setup({ AIGATE_API_KEY: KEY });
    const file = join(dir, 'config.toml');
    const original = `# my aigate config\r\nprofile = "default" # active\r\n\r\n[profiles.default]\r\nbase_url = "${mock.root}/v1" # the gateway\r\n\r\n[profiles.default.claude]\r\nopus = "anthropic/claude-opus-4.7"\r\n`;
    writeFileSync(file, original, { mode: 0o600 });
    for (const args of [
      ['profile', 'add', 'work', '--base-url', 'https://gw.work.example', '--from', 'default'],
      ['config', 'set', 'profiles.work.claude.opus', 'x/opus'],
      ['config', 'set', 'profiles.work.model', 'm1'],
      ['profile', 'use', 'work'],
    ]) {
      const result = await aigate(args, env);
      expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    const edited = readFileSync(file, 'utf8');
    expect(edited.startsWith('# my aigate config\r\nprofile = "work" # active\r\n\r\n[profiles.default]\r\n')).toBe(true);
    expect((await aigate(['config', 'get', 'profiles.work.claude.opus'], env)).stdout).toBe('x/opus');
    const list = (await aigate(['profile', 'list'], env)).stdout;
    expect(list).toContain('* work  https://gw.work.example/v1');
    expect(list).toContain('  default  ');
    expect((await aigate(['profile', 'remove', 'work'], env)).stderr).toContain('is the active profile');
    await aigate(['profile', 'use', 'default'], env);
    expect((await aigate(['profile', 'remove', 'work'], env)).exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
