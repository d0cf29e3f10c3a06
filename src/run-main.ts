// The entry of `aigate run` alone (see bin/aigate.cjs): no CLI framework, nothing another command needs.
import { runCommand, splitRunArguments } from './commands/run.js';
import { reportError } from './report.js';

/** Runs `aigate run ARGS`; false when the full CLI should answer instead (help). */
export function main(args: string[]): boolean {
  try {
    const run = splitRunArguments(args);
    if (run.help) return false;
    runCommand(run).catch(reportError);
  } catch (error) {
    reportError(error);
  }
  return true;
}
