import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { stringify } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { powershellString } from '../src/shells/powershell.js';
import { aigate, cleanEnv, tempDir } from './support/cli.js';
import { hostileValues, seedFromEnv } from './support/fuzz.js';

/** Every character PowerShell's tokenizer ends a single-quoted string at (CharTraits.IsSingleQuote). */
const PS_QUOTES = new Set(['\u0027', '\u2018', '\u2019', '\u201a', '\u201b']);

/**
 * Evaluates the expressions aigate emits by PowerShell's own rules: a single-quoted string (ended
 * by any of the five quotes; two in a row are one literal quote), or `(-join @(…))` of such strings
 * and `[char]0xHHHH` terms separated by `, `. Anything else is a failure: the emitter must stay
 * within this subset.
 */
function evaluatePowershell(expression: string): string {
  let i = 0;
  const string = () => {
    let text = '';
    i++;
    for (;;) {
      const c = expression[i];
      if (c === undefined) throw new Error(`unterminated string in ${expression}`);
      if (PS_QUOTES.has(c)) {
        if (PS_QUOTES.has(expression[i + 1] ?? '')) {
          text += expression[i + 1];
          i += 2;
          continue;
        }
        i++;
        return text;
      }
      text += c;
      i++;
    }
  };
  if (expression.startsWith("'")) {
    const text = string();
    if (i !== expression.length) throw new Error(`unexpected text after the string in ${expression}`);
    return text;
  }
  if (!expression.startsWith('(-join @(') || !expression.endsWith('))')) throw new Error(`not a string or a join: ${expression}`);
  i = '(-join @('.length;
  const end = expression.length - 2;
  let result = '';
  for (;;) {
    if (expression[i] === "'") result += string();
    else {
      const char = /^\[char\]0x([0-9A-F]{4})/.exec(expression.slice(i));
      if (!char) throw new Error(`unexpected term at ${i} in ${expression}`);
      result += String.fromCharCode(parseInt(char[1]!, 16));
      i += char[0].length;
    }
    if (i === end) return result;
    if (expression.slice(i, i + 2) !== ', ') throw new Error(`expected , at ${i} in ${expression}`);
    i += 2;
  }
}

function writeConfig(home: string, env: Record<string, string>): string {
  const config = join(home, 'config.toml');
  writeFileSync(config, stringify({ profiles: { default: { env } } }));
  return config;
}

describe('PowerShell output', () => {
  it('round-trips hostile values through the tokenizer rules, in ASCII only', () => {
    const seed = seedFromEnv();
    for (const value of hostileValues(seed, 2000)) {
      const expression = powershellString(value);
      expect(expression, `seed ${seed}`).toMatch(/^[\x20-\x7e]*$/);
      expect(evaluatePowershell(expression), `seed ${seed}: ${JSON.stringify(value)}`).toBe(value);
    }
  });

  it('writes smart quotes and astral characters as [char] codes', () => {
    expect(powershellString('a\u2019b')).toBe("(-join @('a', [char]0x2019, 'b'))");
    expect(powershellString('\u2018')).toBe('(-join @([char]0x2018))');
    expect(powershellString("it's")).toBe("'it''s'");
    expect(powershellString('😀')).toBe('(-join @([char]0xD83D, [char]0xDE00))');
    expect(powershellString('')).toBe("''");
  });

  it('prints assignments and removals from the CLI', async () => {
    const home = tempDir();
    const result = await aigate(['env', '--shell', 'pwsh'], cleanEnv(home, { AIGATE_CONFIG: writeConfig(home, { X: 'a’b' }) }));
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^[\x0a\x20-\x7e]*$/);
    expect(result.stdout).toContain("${env:X} = (-join @('a', [char]0x2019, 'b'))\n");
    expect(result.stdout).toContain('${env:CLAUDE_CODE_USE_BEDROCK} = $null\n');
  });
});

describe('dotenv and json output', () => {
  it('writes .env text that dotenv reads back unchanged, or refuses the value', async () => {
    const home = tempDir();
    const seed = seedFromEnv();
    // dotenv rewrites every CR: one such value is enough to see it refused.
    const values = [...hostileValues(seed, 600).filter((v) => !v.includes('\r')), 'a\rb'];
    const env: Record<string, string> = Object.fromEntries(values.map((v, i) => [`V${i}`, v]));
    const refused: string[] = [];
    for (;;) {
      const result = await aigate(['env', '--shell', 'dotenv'], cleanEnv(home, { AIGATE_CONFIG: writeConfig(home, env) }));
      const name = /the value of (V\d+) cannot be written in the \.env format/.exec(result.stderr)?.[1];
      if (name) {
        expect(result.stdout).toBe('');
        refused.push(env[name]!);
        delete env[name];
        continue;
      }
      expect(result.exitCode, result.stderr).toBe(0);
      const parsed = parseDotenv(result.stdout);
      expect(Object.keys(env).filter((name) => parsed[name] !== env[name]), `seed ${seed}`).toEqual([]);
      expect(result.stdout).not.toContain('AIGATE_STATE');
      break;
    }
    // Only what dotenv truly cannot hold is refused: a CR (it rewrites line ends), a value ending in
    // \ (it reads \' as an escaped quote), or one that breaks '…' (a '), `…` (a `) and "…" (a ", or a
    // literal \n or \r, which it expands) at once.
    for (const value of refused) {
      const breaksDouble = value.includes('"') || /\\[nr]/.test(value);
      const hazard = value.includes('\r') || value.endsWith('\\') || (value.includes("'") && value.includes('`') && breaksDouble);
      expect(hazard, JSON.stringify(value)).toBe(true);
    }
    expect(refused).toContain('a\rb');
    expect(refused.length, `seed ${seed}`).toBeLessThan(values.length / 20);
  });

  it('prints set and unset as JSON', async () => {
    const home = tempDir();
    const result = await aigate(['env', '--shell', 'json'], cleanEnv(home, { AIGATE_API_KEY: 'sk-json-0123456789' }));
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.set).toMatchObject({ AIGATE_API_KEY: 'sk-json-0123456789', ANTHROPIC_AUTH_TOKEN: 'sk-json-0123456789' });
    expect(output.unset).toEqual(expect.arrayContaining(['ANTHROPIC_API_KEY', 'CLAUDE_CODE_USE_BEDROCK']));
    expect(output.set).not.toHaveProperty('AIGATE_STATE');
  });
});
