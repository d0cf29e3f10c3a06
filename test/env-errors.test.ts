import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aigate, cleanEnv, tempDir } from './support/cli.js';

/** Runs `aigate env` against a config with `text`; returns stdout, stderr and the exit code. */
async function envWith(text: string, args: string[] = ['--shell', 'bash'], extra: Record<string, string> = {}) {
  const home = tempDir();
  const config = join(home, 'config.toml');
  writeFileSync(config, text);
  const result = await aigate(['env', ...args], cleanEnv(home, { AIGATE_CONFIG: config, ...extra }));
  return { ...result, config };
}

describe('aigate env refuses bad input: non-zero exit, nothing on stdout, one clear message', () => {
  const cases: Array<[string, string, RegExp, string[]?, Record<string, string>?]> = [
    ['malformed TOML', '[profiles.work\nbase_url = "x"\n', /config\.toml:1:\d+: invalid TOML/],
    ['an unknown profile', 'profile = "work"\n', /config\.toml:1:1: profile: names no profile of this file; profiles: default/],
    ['an unknown profile from a flag', '', /flag --profile: unknown profile "nope"/, ['--shell', 'bash', '--profile', 'nope']],
    ['an unknown shell', '', /unknown shell "ksh93"; choose one of: bash, zsh, sh, fish, powershell, (.+, )?nu, elvish, xonsh, tcsh, github, json, dotenv \(dash = sh, pwsh = powershell, (.+, )?nushell = nu, elv = elvish, csh = tcsh, gha = github\)/, ['--shell', 'ksh93']],
    ['a NUL in a value', '[profiles.default.env]\nA = "x\\u0000y"\n', /config\.toml:2:1: profiles\.default\.env\.A: .*NUL/],
    ['an invalid variable name', '[profiles.default.env]\n"1X" = "v"\n', /config\.toml:2:1: .*"1X" is not a valid variable name/],
    ['a name with a dash', '[profiles.default.env]\n"MY-VAR" = "v"\n', /"MY-VAR" is not a valid variable name/],
    ['a shell\'s own variable', '[profiles.default.env]\nSHLVL = "9"\n', /config\.toml:2:1: .*SHLVL is a shell's own variable/],
    ['zsh\'s read-only status', '[profiles.default.env]\nstatus = "0"\n', /status is a shell's own variable/],
    ['zsh\'s path array', '[profiles.default.env]\npath = "/x"\n', /path is a shell's own variable/],
    ['a variable aigate derives', '[profiles.default.env]\nANTHROPIC_BASE_URL = "x"\n', /ANTHROPIC_BASE_URL is set by aigate itself/],
    ['a number where a string belongs', '[profiles.default]\nmodel = 5\n', /config\.toml:2:1: profiles\.default\.model: must be a string, not a number: write it in quotes/],
    ['an unknown auth mode', '[profiles.default.claude]\nauth = "bearer"\n', /config\.toml:2:1: profiles\.default\.claude\.auth: must be "token" .* or "api-key"/],
    ['an endpoint as base URL', '[profiles.default]\nbase_url = "https://gw.test/v1/chat/completions"\n', /is an endpoint, not the base URL; use "https:\/\/gw\.test\/v1"/],
    ['a base URL that is not a URL', '[profiles.default]\nbase_url = "gw.test"\n', /config\.toml:2:1: .*"gw\.test" is not an http\(s\) URL written with \/\/ and a host/],
    ['a bad base URL in the environment', '', /environment variable AIGATE_BASE_URL: .*"nope" is not an http\(s\) URL/, undefined, { AIGATE_BASE_URL: 'nope' }],
    ['a CR for the .env format', '[profiles.default.env]\nA = "x\\ry"\n', /value of A cannot be written in the \.env format/, ['--shell', 'dotenv']],
  ];
  it.each(cases)('%s', async (_name, text, message, args, extra) => {
    const result = await envWith(text, args, extra);
    expect(result.stdout).toBe('');
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('lists every wrong key at once', async () => {
    const result = await envWith('[profiles.default]\nmodel = 5\nbase_url = true\n');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/:2:1: profiles\.default\.model/);
    expect(result.stderr).toMatch(/:3:1: profiles\.default\.base_url/);
  });

  it('names the .env file and line of a bad value', async () => {
    const home = tempDir();
    writeFileSync(join(home, 'config.toml'), '');
    writeFileSync(join(home, '.env'), '# gateway\nAIGATE_BASE_URL=ftp://gw.test\n');
    const result = await aigate(['env', '--shell', 'sh'], cleanEnv(home, { AIGATE_CONFIG: join(home, 'config.toml') }));
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${join(home, '.env')}:2: AIGATE_BASE_URL`);
  });

  it('refuses an unknown key (a typo would be a setting silently not applied), naming its line and the nearest known key', async () => {
    const result = await envWith('[profiles.default]\nbase-url = "https://x.test"\n', ['--shell', 'bash'], { AIGATE_API_KEY: 'sk-x-0123456789' });
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim()).toMatch(/^aigate: .*config\.toml:2:1: profiles\.default\.base-url: unknown key; did you mean base_url\? \(known keys here: base_url/);
    expect(result.stdout).toBe('');
  });

  it('without a key, prints everything else with one warning, and exits 0', async () => {
    const result = await envWith('');
    expect(result.exitCode).toBe(0);
    expect(result.stderr.trim().split('\n')).toEqual([
      'aigate: warning: no API key for profile "default": run `aigate login`, or set AIGATE_API_KEY in your environment or in the .env file beside config.toml',
    ]);
    expect(result.stdout).toContain("export ANTHROPIC_BASE_URL='https://api.aigate.shop'");
    expect(result.stdout).not.toMatch(/export (AIGATE_API_KEY|ANTHROPIC_AUTH_TOKEN|ANTHROPIC_API_KEY)=/);
    // No other Anthropic credential may ride along to the gateway.
    expect(result.stdout).toContain('unset ANTHROPIC_AUTH_TOKEN\n');
    expect(result.stdout).toContain('unset ANTHROPIC_API_KEY\n');
  });

  it('exits 2 on an unknown option or command', async () => {
    for (const args of [['env', '--bogus'], ['frobnicate']]) {
      const result = await aigate(args, cleanEnv(tempDir()));
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^aigate: /);
    }
  });
});
