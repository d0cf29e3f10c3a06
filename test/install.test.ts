import { readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withBlock as addBlock, withoutBlock as dropBlock } from '../src/edit/block.js';
import { loaderLines } from '../src/integration/rc-file.js';

const withBlock = (text: string | undefined, lines: string[]) => addBlock('rc', text, lines);
const withoutBlock = (text: string) => dropBlock('rc', text);
import { aigate, cleanEnv, tempDir } from './support/cli.js';

const lines = loaderLines('bash', '/opt/aigate', '/opt/aigate/bin/aigate.cjs', {});

describe('the marked block in a startup file', () => {
  it.each([
    ['an ordinary file', '# rc\nalias ll="ls -l"\n'],
    ['no final newline', '# rc\nexport A=1'],
    ['CRLF line endings', '# rc\r\nexport A=1\r\n'],
    ['a BOM', '\ufeff# rc\nexport A=1\n'],
    ['an empty file', ''],
    ['a "# >>> aigate" inside a line', 'echo "# >>> aigate >>>"\n'],
  ])('is added once and removed to the byte: %s', (_name, original) => {
    const once = withBlock(original, lines);
    expect(withBlock(once, lines)).toBe(once);
    expect(once.startsWith(original)).toBe(true);
    expect(withoutBlock(once)).toBe(original);
  });

  it('is created with the file, and removing it removes the file', () => {
    const created = withBlock(undefined, lines);
    expect(withoutBlock(created)).toBeUndefined();
  });

  it('keeps what the user wrote after the block', () => {
    const withUserLine = `${withBlock('# rc\n', lines)}export AFTER=1\n`;
    expect(withoutBlock(withUserLine)).toBe('# rc\nexport AFTER=1\n');
  });

  it('uses the file\'s own line ending', () => {
    expect(withBlock('a\r\n', lines)).toMatch(/# <<< aigate <<<\r\n$/);
  });
});

describe('aigate install / uninstall', () => {
  it('keeps a backup, keeps the mode, and puts the file back byte for byte', async () => {
    const home = tempDir();
    const rc = join(home, '.bashrc');
    const original = '# my bashrc\nexport PATH="$HOME/bin:$PATH"';
    writeFileSync(rc, original);
    chmodSync(rc, 0o640);
    const env = cleanEnv(home);
    const installed = await aigate(['install', '--shell', 'bash'], env);
    expect(installed.stdout).toContain(`installed in ${rc} (backup: ${rc}.aigate-backup)`);
    expect(readFileSync(`${rc}.aigate-backup`, 'utf8')).toBe(original);
    expect(statSync(rc).mode & 0o777).toBe(0o640);
    expect(readFileSync(rc, 'utf8')).toContain('_AIGATE_BIN=');
    expect((await aigate(['uninstall', '--shell', 'bash'], env)).exitCode).toBe(0);
    expect(readFileSync(rc, 'utf8')).toBe(original);
    expect((await aigate(['uninstall', '--shell', 'bash'], env)).stdout).toContain('not installed');
  });

  it('writes a block loading the PowerShell script into the CurrentUserCurrentHost profile, creating it', async () => {
    const home = tempDir();
    const env = cleanEnv(home);
    const profile = join(home, '.config', 'powershell', 'Microsoft.PowerShell_profile.ps1');
    expect((await aigate(['install', '--shell', 'powershell'], env)).exitCode).toBe(0);
    const text = readFileSync(profile, 'utf8');
    // The script is read by path (no node at shell start), and skipped quietly once aigate is gone.
    expect(text).toMatch(/^if \(\[System\.IO\.File\]::Exists\('.*aigate\.ps1'\)\) \{$/m);
    expect(text).toMatch(/^    \. \(\[scriptblock\]::Create\(\[System\.IO\.File\]::ReadAllText\('.*aigate\.ps1'\)\)\)$/m);
    expect((await aigate(['uninstall', '--shell', 'pwsh'], env)).exitCode).toBe(0);
    expect(() => statSync(profile)).toThrow(/ENOENT/);
  });

  it('refuses a shell it has no integration for', async () => {
    const result = await aigate(['install', '--shell', 'dash'], cleanEnv(tempDir()));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('no integration for sh');
  });
});
