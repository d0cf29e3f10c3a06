import { join } from 'node:path';
import { type CompletionCommand, lineShell, type ShellNames, shellArgument } from './types.js';

/** Inside elvish's `'…'` only `'` is special, written `''`; line breaks and everything else are literal. */
export function elvishQuote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * elvish's completion: an arg-completer for `aigate` that offers the subcommands, then the chosen
 * one's flags, shell names after --shell (and for init, install…), the config's profiles after
 * --profile and `use` (asked from `aigate __complete profiles`, which prints only plain names).
 */
export function elvishCompletion(commands: readonly CompletionCommand[], names: ShellNames): string {
  const list = (items: readonly string[]) => `[${items.map(elvishQuote).join(' ')}]`;
  const options = commands.map((c) => `&${elvishQuote(c.name)}=${list(c.options)}`).join(' ');
  // The shells a command's first argument takes (init, completion), by command.
  const positional = commands.flatMap((c) => (shellArgument(c, names) ? [`&${elvishQuote(c.name)}=${list(shellArgument(c, names)!)}`] : [])).join(' ');
  return `# aigate completion for elvish: eval (aigate completion elvish | slurp), in rc.elv
set edit:completion:arg-completer[aigate] = {|@words|
  var options = [${options}]
  var positional = [${positional}]
  var n = (count $words)
  var previous = $words[-2]
  if (== $n 2) {
    all ${list(commands.map((c) => c.name))}
  } elif (eq $previous --shell) {
    all ${list(names.formats)}
  } elif (or (eq $previous --profile) (and (eq $words[1] use) (== $n 3))) {
    try { e:aigate __complete profiles 2>/dev/null | from-lines } catch { nop }
  } elif (and (== $n 3) (has-key $positional $words[1])) {
    all $positional[$words[1]]
  } elif (has-key $options $words[1]) {
    all $options[$words[1]]
  }
}
`;
}

export const elvish = lineShell({
  name: 'elvish',
  aliases: ['elv'],
  processes: ['elvish'],
  completion: elvishCompletion,
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
