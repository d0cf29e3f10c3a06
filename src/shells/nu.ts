import type { Shell } from './types.js';

/**
 * nushell has no eval, so aigate prints data and nushell applies it, as mise does: JSON of the
 * variables to set (AIGATE_STATE included, for `off`) and to remove, read by one documented line.
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
};
