import { join } from 'node:path';
import { homeOf } from '../config/paths.js';
import { fishQuote } from '../shells/fish.js';
import { posixQuote } from '../shells/posix.js';

type Environment = Record<string, string | undefined>;

const BEGIN = '# >>> aigate >>>';
const END = '# <<< aigate <<<';
/** Recorded on the begin marker, so that removing the block restores the file byte for byte. */
const ADDED_NEWLINE = ' (a newline was added before this block)';
const CREATED_FILE = ' (this file was created by aigate install)';

/** The files the integration is installed in, per shell (PowerShell on Windows: both editions). */
export function rcFiles(shell: string, env: Environment, platform = process.platform): string[] {
  const home = homeOf(env);
  switch (shell) {
    case 'bash':
      return [join(home, '.bashrc')];
    case 'zsh':
      return [join(env.ZDOTDIR || home, '.zshrc')];
    case 'fish':
      return [join(env.XDG_CONFIG_HOME || join(home, '.config'), 'fish', 'conf.d', 'aigate.fish')];
    case 'powershell':
      return platform === 'win32'
        ? ['PowerShell', 'WindowsPowerShell'].map((edition) => join(home, 'Documents', edition, 'Microsoft.PowerShell_profile.ps1'))
        : [join(env.XDG_CONFIG_HOME || join(home, '.config'), 'powershell', 'Microsoft.PowerShell_profile.ps1')];
    default:
      return [];
  }
}

/** The line(s) that load the integration, guarded so that a shell starts quietly without aigate. */
export function loaderLines(shell: string, root: string, bin: string): string[] {
  const script = join(root, 'shells', `aigate.${shell === 'powershell' ? 'ps1' : shell}`);
  switch (shell) {
    case 'fish':
      return [`if test -r ${fishQuote(script)}`, `    set -g _AIGATE_BIN ${fishQuote(bin)}`, `    source ${fishQuote(script)}`, 'end'];
    case 'powershell':
      return [
        'if (Get-Command aigate -CommandType Application -ErrorAction SilentlyContinue) {',
        '    Invoke-Expression (& { (aigate init powershell | Out-String) })',
        '}',
      ];
    default:
      return [`if [ -r ${posixQuote(script)} ]; then _AIGATE_BIN=${posixQuote(bin)}; . ${posixQuote(script)}; fi`];
  }
}

function findBlock(text: string): { start: number; end: number; header: string } | undefined {
  // The markers count only at the start of a line.
  const start = /^# >>> aigate >>>/m.exec(text)?.index;
  if (start === undefined) return undefined;
  const close = text.indexOf(`\n${END}`, start);
  if (close < 0) return undefined;
  let end = close + 1 + END.length;
  if (text.startsWith('\r\n', end)) end += 2;
  else if (text[end] === '\n') end += 1;
  return { start, end, header: text.slice(start, text.indexOf('\n', start)) };
}

/**
 * `text` with the block holding `lines` (a file that does not exist: undefined). The block is
 * added once, at the end, in the file's own line ending; an existing block is replaced.
 */
export function withBlock(text: string | undefined, lines: string[]): string {
  const existing = text === undefined ? undefined : findBlock(text);
  if (text !== undefined && existing) {
    const eol = text.slice(existing.start, existing.end).includes('\r\n') ? '\r\n' : '\n';
    const flags = existing.header.slice(BEGIN.length).replace(/\r$/, '');
    return text.slice(0, existing.start) + block(lines, flags, eol) + text.slice(existing.end);
  }
  if (text === undefined) return block(lines, CREATED_FILE, '\n');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const needsNewline = text.length > 0 && !text.endsWith('\n');
  return text + (needsNewline ? eol : '') + block(lines, needsNewline ? ADDED_NEWLINE : '', eol);
}

/** `text` without the block, exactly as it was before; undefined when the file should not exist. */
export function withoutBlock(text: string): string | undefined {
  const existing = findBlock(text);
  if (!existing) return text;
  let before = text.slice(0, existing.start);
  if (existing.header.includes(ADDED_NEWLINE)) before = before.replace(/\r?\n$/, '');
  const rest = before + text.slice(existing.end);
  return existing.header.includes(CREATED_FILE) && rest === '' ? undefined : rest;
}

export function hasBlock(text: string | undefined): boolean {
  return text !== undefined && findBlock(text) !== undefined;
}

function block(lines: string[], flags: string, eol: string): string {
  return [`${BEGIN}${flags}`, '# Added by `aigate install`; `aigate uninstall` removes it.', ...lines, END].map((line) => line + eol).join('');
}
