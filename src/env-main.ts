// The entry of `aigate env` alone (see bin/aigate.cjs): no CLI framework, nothing another command needs.
import { parseArgs } from 'node:util';
import { ENV_OPTIONS } from './commands/env-options.js';
import { envCommand } from './commands/env.js';
import { runEntry } from './entry.js';

/** Runs `aigate env ARGS`; false when the full CLI should answer instead (help). */
export function main(args: string[]): boolean {
  if (args.includes('--help') || args.includes('-h')) return false;
  runEntry(async () => {
    const { values } = parseArgs({
      args,
      options: Object.fromEntries(
        Object.entries(ENV_OPTIONS).map(([name, { value }]) => [name, { type: value ? ('string' as const) : ('boolean' as const) }]),
      ),
      strict: true,
      allowPositionals: false,
    });
    await envCommand(values);
  });
  return true;
}
