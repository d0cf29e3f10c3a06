import { AigateError } from '../errors.js';
import { lineShell } from './types.js';

type Environment = Record<string, string | undefined>;

/** Whether the locale tcsh runs in is UTF-8 (LC_ALL, else LC_CTYPE, else LANG). */
function utf8Locale(env: Environment): boolean {
  return /utf-?8/i.test(env.LC_ALL || env.LC_CTYPE || env.LANG || '');
}

/**
 * `'…'` for tcsh: a `'` is written `\'` and a `!` `\!`, both outside the quotes (inside them tcsh
 * still expands `!` in an interactive shell). Refused, with the variable named:
 * - a line break, which has no one-line form (the block is eval'd from "`…`", where tcsh turns line
 *   breaks into spaces);
 * - outside a UTF-8 locale, any non-ASCII character: there tcsh strips the eighth bit of a byte,
 *   and U+2028 (bytes E2 80 A8) would reach it as `(`.
 */
export function tcshQuote(name: string, value: string, env: Environment = {}): string {
  if (value.includes('\n')) throw new AigateError(`the value of ${name} contains a line break, which tcsh cannot be handed on one line; use another shell, or take the line break out of the value`);
  if (!utf8Locale(env) && /[^\x00-\x7f]/.test(value)) {
    throw new AigateError(`the value of ${name} has non-ASCII characters, which tcsh mangles outside a UTF-8 locale; set LANG to a UTF-8 locale (such as C.UTF-8) in tcsh`);
  }
  return `'${value.replace(/['!]/g, "'\\$&'")}'`;
}

export const tcsh = lineShell({
  name: 'tcsh',
  aliases: ['csh'],
  processes: ['tcsh', 'csh'],
  // Double quotes: unquoted, tcsh would split and glob the words of the block.
  load: (args) => 'eval "`aigate ' + args + '`"',
  set: (name, value, env) => `setenv ${name} ${tcshQuote(name, value, env)}`,
  unset: (name) => `unsetenv ${name}`,
  // One line: see tcshQuote.
  join: (statements) => (statements.length ? `${statements.join('; ')}\n` : ''),
});
