import { join } from 'node:path';
import type { Shell } from './types.js';

/** A nushell string literal: JSON's, which nushell's double-quoted strings read the same way. */
const nuString = (value: string) => JSON.stringify(value);

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
    unchanged: (name, facts) => JSON.stringify({ fn: name, facts }),
  },
};
