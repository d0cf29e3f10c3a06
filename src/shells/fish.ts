import { join } from 'node:path';
import { type CompletionCommand, lineShell, type ShellNames, shellArgument } from './types.js';

/** Inside fish's `'…'` only `\\` and `\'` are escapes; newlines and everything else are literal. */
export function fishQuote(value: string): string {
  return `'${value.replace(/[\\']/g, '\\$&')}'`;
}

export function fishCompletion(commands: readonly CompletionCommand[], names: ShellNames): string {
  const lines = [
    '# aigate completion for fish: aigate completion fish | source',
    'complete -c aigate -f',
    `complete -c aigate -n __fish_use_subcommand -a '${commands.map((c) => c.name).join(' ')}'`,
  ];
  for (const c of commands) {
    const when = `-n '__fish_seen_subcommand_from ${c.name}'`;
    const shells = shellArgument(c, names);
    if (shells) lines.push(`complete -c aigate ${when} -a '${shells.join(' ')}'`);
    if (c.argument === 'profile') lines.push(`complete -c aigate ${when} -a '(aigate __complete profiles 2>/dev/null)'`);
    for (const option of c.options) {
      const values = option === '--shell' ? ` -xa '${names.formats.join(' ')}'` : option === '--profile' ? " -xa '(aigate __complete profiles 2>/dev/null)'" : '';
      lines.push(`complete -c aigate ${when} -l ${option.slice(2)}${values}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export const fish = lineShell({
  name: 'fish',
  load: (args) => `aigate ${args} | source`,
  processes: ['fish'],
  completion: fishCompletion,
  // -g: the hook runs inside a function, where a plain `set -x` would be local. No `--` after the
  // name: fish would store it as the first element of a list.
  set: (name, value) => `set -gx ${name} ${fishQuote(value)}`,
  // `set -e` returns 4 for a variable that was not set; `; or true` keeps the status clean.
  unset: (name) => `set -e -g ${name}; or true`,
  hook: {
    script: 'aigate.fish',
    // A file of its own in conf.d, which fish sources at start.
    rcFiles: ({ home, env }) => [join(env.XDG_CONFIG_HOME || join(home, '.config'), 'fish', 'conf.d', 'aigate.fish')],
    loader: (path, bin) => [`if test -r ${fishQuote(path)}`, `    set -g _AIGATE_BIN ${fishQuote(bin)}`, `    source ${fishQuote(path)}`, 'end'],
    variable: (name, value) => `set -g ${name} ${fishQuote(value)}`,
    fn: (name, body) => `function ${name}\n${body}end`,
    // One `test` with -a: far cheaper than a builtin per fact. "x…" on both sides of =, or test
    // would read a value such as "-n" as an operator.
    unchanged: (name, { profile, present, absent, stamp, values }) => {
      const tests = [
        `"x$_AIGATE_USE" = ${fishQuote(`x${profile}`)}`,
        ...present.map((file) => `-f ${fishQuote(file)} -a ! ${fishQuote(file)} -nt ${fishQuote(stamp)}`),
        ...absent.map((file) => `! -e ${fishQuote(file)}`),
        ...values.map(([n, v]) => `"x$${n}" = ${fishQuote(`x${v}`)}`),
      ];
      return `function ${name}\n    test ${tests.join(' \\\n        -a ')}\nend`;
    },
  },
});
