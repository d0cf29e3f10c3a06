import { join } from 'node:path';
import type { CompletionCommand, Shell, ShellNames } from './types.js';

/** A nushell string literal: JSON's, which nushell's double-quoted strings read the same way. */
const nuString = (value: string) => JSON.stringify(value);

/**
 * nushell's completion: an `extern` per subcommand, its flags typed from cac's table (a switch, or
 * a string completed from the shell names or the config's profiles), and a rest parameter, so
 * that nushell passes on whatever it was not told about (an agent's own arguments after `run`).
 */
export function nuCompletion(commands: readonly CompletionCommand[], names: ShellNames): string {
  const list = (items: readonly string[]) => `[${items.map(nuString).join(' ')}]`;
  const lines = [
    '# aigate completion for nushell: aigate completion nu | save -f ($nu.user-autoload-dirs | first | path join aigate-completion.nu)',
    `def "nu-complete aigate commands" [] { ${list(commands.map((c) => c.name))} }`,
    `def "nu-complete aigate shells" [] { ${list(names.formats)} }`,
    `def "nu-complete aigate integrations" [] { ${list(names.integrations)} }`,
    `def "nu-complete aigate completions" [] { ${list(names.completions)} }`,
    // Profile names come from the user's file: aigate prints only names that are plain data.
    'def "nu-complete aigate profiles" [] { ^aigate __complete profiles | complete | get stdout | lines }',
    'export extern aigate [command?: string@"nu-complete aigate commands", ...args: string]',
  ];
  for (const c of commands) {
    const completer = (option: string) => (option === '--shell' ? '@"nu-complete aigate shells"' : option === '--profile' ? '@"nu-complete aigate profiles"' : '');
    // A command handing its arguments on gets no flags here: nushell would move them before the program's name.
    const flags = c.passthrough ? [] : c.options.map((option) => (c.valued.includes(option) ? `${option}: string${completer(option)}` : option));
    const argument = c.argument === 'profile' ? 'profile?: string@"nu-complete aigate profiles"' : c.argument ? `shell?: string@"nu-complete aigate ${c.argument}s"` : '';
    lines.push(`export extern "aigate ${c.name}" [${[...flags, argument, '...args: string'].filter(Boolean).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * nushell has no eval, so aigate prints data and nushell applies it, as mise does: JSON of the
 * variables to set (AIGATE_STATE included, for `off`) and to remove, read by one documented line.
 * The integration's refresh is data too: one JSON record per line (the changes, the facts that
 * tell whether they still hold, the project), which shells/aigate.nu checks and applies.
 */
export const nu: Shell = {
  name: 'nu',
  aliases: ['nushell'],
  processes: ['nu'],
  evaluated: true,
  completion: nuCompletion,
  load: (args) => `aigate ${args} | from json | do --env { let c = $in; hide-env --ignore-errors ...$c.unset; load-env $c.set }`,
  // nushell keeps these for itself: load-env refuses them, or they mean something else there.
  reserved: ['PWD', 'FILE_PWD', 'CURRENT_FILE', 'LAST_EXIT_CODE', 'CMD_DURATION_MS', 'ENV_CONVERSIONS', 'NU_LIB_DIRS', 'NU_PLUGIN_DIRS', 'config'],
  render: ({ set, unset }) => `${JSON.stringify({ set: Object.fromEntries(set), unset })}\n`,
  hook: {
    script: 'aigate.nu',
    // A file of its own in the autoload folder, which nushell sources after config.nu.
    rcFiles: ({ home, env }) => [join(env.XDG_CONFIG_HOME || join(home, '.config'), 'nushell', 'autoload', 'aigate.nu')],
    // `source` takes a path known when the file is parsed; null (the script is gone) sources nothing.
    loader: (path, bin) => [
      `const _aigate_script = if (${nuString(path)} | path exists) { ${nuString(path)} } else { null }`,
      `$env._AIGATE_BIN = ${nuString(bin)}`,
      'source $_aigate_script',
    ],
    variable: (name, value) => JSON.stringify({ variable: name, value }),
    fn: (name, body) => JSON.stringify({ fn: name, changes: body ? JSON.parse(body) : { set: {}, unset: [] } }),
    // The variables as a record, which nushell compares by name.
    unchanged: (name, facts) => JSON.stringify({ fn: name, facts: { ...facts, values: Object.fromEntries(facts.values) } }),
  },
};
