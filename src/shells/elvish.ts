import { join } from 'node:path';
import { lineShell } from './types.js';

/** Inside elvish's `'…'` only `'` is special, written `''`; line breaks and everything else are literal. */
export function elvishQuote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export const elvish = lineShell({
  name: 'elvish',
  aliases: ['elv'],
  processes: ['elvish'],
  load: (args) => `eval (aigate ${args} | slurp)`,
  set: (name, value) => `set-env ${name} ${elvishQuote(value)}`,
  unset: (name) => `unset-env ${name}`,
  hook: {
    script: 'aigate.elv',
    rcFiles: ({ home, env }) => [join(env.XDG_CONFIG_HOME || join(home, '.config'), 'elvish', 'rc.elv')],
    // eval with the program's path in its namespace: elvish has no `source`, and its modules live in lib/.
    loader: (path, bin) => [
      'use path',
      `if (path:is-regular ${elvishQuote(path)}) {`,
      `  eval (slurp < ${elvishQuote(path)}) &ns=(ns [&_AIGATE_BIN=${elvishQuote(bin)}])`,
      '}',
    ],
    variable: (name, value) => `var ${name} = ${elvishQuote(value)}`,
    fn: (name, body) => `fn ${name} {\n${body || 'nop\n'}}`,
    // The profile of `aigate use` comes as the argument (eval'd code sees none of the script's
    // variables). elvish 0.19 cannot read a file's time, so the files are one `test` process,
    // run last: `and` stops at the first difference, and a changed variable costs no process.
    unchanged: (name, { profile, present, absent, stamp, values }) => {
      if (!stamp) return `fn ${name} {|use| put $false }`;
      const files = [
        `-f ${elvishQuote(stamp)}`,
        ...present.map((file) => `-f ${elvishQuote(file)} -a ! ${elvishQuote(file)} -nt ${elvishQuote(stamp)}`),
        ...absent.map((file) => `! -e ${elvishQuote(file)}`),
      ];
      const tests = [
        `(eq $use ${elvishQuote(profile)})`,
        ...values.map(([n, v]) => `(eq $E:${n} ${elvishQuote(v)})`),
        `(bool ?(e:test ${files.join(' -a ')}))`,
      ];
      return `fn ${name} {|use|\n  and ${tests.join(' ^\n    ')}\n}`;
    },
  },
});
