// The entry of `aigate env` alone (see bin/aigate.cjs): no CLI framework, nothing another command needs.
import { parseArgs } from 'node:util';
import { ENV_OPTIONS } from './commands/env-options.js';
import { envCommand } from './commands/env.js';
import { runEntry } from './entry.js';
import { shellNamed } from './shells/index.js';

/**
 * Runs `aigate env ARGS`; false when the full CLI should answer instead: help, --explain, and a mistyped option
 * or shell, for which it names the nearest one (its suggestions are no weight for every shell start).
 */
export function main(args: string[]): boolean {
  // --explain is for people, not for every shell start: its table is the full CLI's.
  if (args.includes('--help') || args.includes('-h') || args.includes('--explain')) return false;
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: Object.fromEntries(
        Object.entries(ENV_OPTIONS).map(([name, { value }]) => [name, { type: value ? ('string' as const) : ('boolean' as const) }]),
      ),
      strict: true,
      allowPositionals: false,
    }));
    if (values.shell !== undefined) shellNamed(String(values.shell));
  } catch {
    return false;
  }
  runEntry(() => envCommand(values));
  return true;
}
