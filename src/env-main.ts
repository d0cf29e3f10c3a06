// The entry of `aigate env` alone (see bin/aigate.cjs): no cac, nothing another command needs.
import { parseArgs } from 'node:util';
import { ENV_OPTIONS } from './commands/env-options.js';
import { envCommand } from './commands/env.js';
import { reportError } from './report.js';

try {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: Object.fromEntries(
      Object.entries(ENV_OPTIONS).map(([name, { value }]) => [name, { type: value ? ('string' as const) : ('boolean' as const) }]),
    ),
    strict: true,
    allowPositionals: false,
  });
  envCommand(values).catch(reportError);
} catch (error) {
  reportError(error);
}
