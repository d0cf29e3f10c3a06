// The entry of `aigate run` alone (see bin/aigate.cjs): no CLI framework, nothing another command needs.
import { type RunArguments, runCommand, splitRunArguments } from './commands/run.js';
import { runEntry } from './entry.js';

/** Runs `aigate run ARGS`; false when the full CLI should answer instead (help). */
export function main(args: string[]): boolean {
  let run: RunArguments;
  try {
    run = splitRunArguments(args);
  } catch (error) {
    runEntry(() => Promise.reject(error));
    return true;
  }
  if (run.help) return false;
  runEntry(() => runCommand(run));
  return true;
}
