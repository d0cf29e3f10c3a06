import { AigateError } from '../errors.js';
import { lineShell } from './types.js';

/**
 * cmd.exe's own variables: dynamic ones (set, they hide the live value until removed) and PROMPT.
 * Compared without case, as Windows compares environment names.
 */
const CMD_VARIABLES = ['CD', 'DATE', 'TIME', 'RANDOM', 'ERRORLEVEL', 'CMDEXTVERSION', 'CMDCMDLINE', 'HIGHESTNUMANODENUMBER', '__CD__', 'PROMPT'];

/** cmd.exe reads at most 8191 characters of a batch line; the rest is cut off or the line refused. */
const LINE_LIMIT = 8191;

/**
 * `@set NAME=VALUE` for a batch file that `call` runs in the current cmd.exe, with delayed
 * expansion off (the default). In a batch line, `%` is written `%%`, and `^` goes before each of
 * `^ & | < > ( ) "` (an escaped quote does not start a quoted run, so unbalanced quotes are safe).
 * Everything after the first `=` is the value, trailing spaces and backslashes included; the line
 * ends with CRLF. Refused, with the variable named:
 * - a line break, a carriage return, or Ctrl-Z (U+001A): a batch line has no form for the first
 *   two, and Windows' cmd.exe reads Ctrl-Z in a batch line as a line feed (Wine's keeps it, so the
 *   lane cannot show this: Windows is the reference);
 * - non-ASCII characters: cmd.exe decodes a batch file in the console code page, which aigate does
 *   not know and cannot check here (Wine's cmd.exe decodes batch lines as code page 437 even after
 *   `chcp 65001`, so no handling of it could be verified);
 * - `!`: literal with delayed expansion off, but dropped by `cmd /v:on` (or a DelayedExpansion
 *   registry setting). Without `!` in it, a line reads the same in both modes, so the block is
 *   exact whichever mode the user's cmd.exe runs in;
 * - an empty value: `set NAME=` removes the variable, so cmd.exe has no empty one;
 * - a line over cmd.exe's 8191 characters.
 */
export function cmdSet(name: string, value: string): string {
  if (CMD_VARIABLES.includes(name.toUpperCase())) throw new AigateError(`${name} is a variable cmd.exe keeps for itself; aigate cannot set it there (rename it in your profile's [env])`);
  if (/[\r\n\x1a]/.test(value)) throw new AigateError(`the value of ${name} contains a line break (or Ctrl-Z, which cmd.exe reads as one), which a cmd.exe batch line cannot hold; use PowerShell, or take it out of the value`);
  if (/[^\x00-\x7f]/.test(value)) throw new AigateError(`the value of ${name} has non-ASCII characters, which cmd.exe reads in the console's code page; use PowerShell, or keep the value ASCII`);
  if (value.includes('!')) throw new AigateError(`the value of ${name} contains "!", which cmd.exe drops with delayed expansion on; use PowerShell, or take the "!" out of the value`);
  if (value === '') throw new AigateError(`the value of ${name} is empty, which cmd.exe cannot hold (set ${name}= removes it); use PowerShell, or give it a value`);
  const line = `@set ${name}=${value.replace(/%/g, '%%').replace(/[\^&|<>()"]/g, '^$&')}`;
  if (line.length > LINE_LIMIT) throw new AigateError(`the value of ${name} is too long for a cmd.exe batch line (${line.length} characters written, at most ${LINE_LIMIT}); use PowerShell, or shorten it`);
  return line;
}

/**
 * cmd.exe has no eval: the block goes to a file that `call` runs in the current cmd.exe, so it is
 * evaluated there, and carries AIGATE_STATE for `aigate off --shell cmd`. Each line starts with `@`
 * so that it is not echoed, without changing the caller's echo setting. Not detected: Node cannot
 * name its parent process on Windows without a child process (tasklist, about 100 ms), so a cmd.exe
 * user passes `--shell cmd`.
 */
export const cmd = lineShell({
  name: 'cmd',
  aliases: ['cmd.exe', 'batch'],
  // A file, since cmd.exe cannot evaluate a command's output; deleted after, since it holds the key.
  // --shell cmd written out: cmd.exe is not detected.
  load: (args) => `aigate ${args} --shell cmd > "%TEMP%\\aigate-env.cmd" && call "%TEMP%\\aigate-env.cmd" & del "%TEMP%\\aigate-env.cmd"`,
  set: (name, value) => cmdSet(name, value),
  // Quoted: `set NAME=` with a trailing space would set a space rather than remove it.
  unset: (name) => `@set "${name}="`,
  join: (statements) => statements.map((line) => `${line}\r\n`).join(''),
});
