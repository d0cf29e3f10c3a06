import { exitIfAbandoned } from './deadline.js';
import { redactStreams } from './output.js';
import { reportError } from './report.js';

/**
 * Every entry (`aigate env`, `aigate run`, the CLI) runs its command through here, so that output
 * errors are handled once for all of them: a closed pipe (`aigate models | head -1`) ends the
 * command quietly, a full disk or any other write error is one line (report.ts), never a trace; and
 * every key the command has seen is masked in what it prints (output.ts).
 */
export function runEntry(work: () => Promise<void>, options: { streams?: boolean } = {}): void {
  // The env and run bundles write with writeAll, whose errors are thrown where they happen; touching
  // process.stdout there would set up a stream at every shell start for nothing.
  if (options.streams) {
    for (const stream of [process.stdout, process.stderr]) stream.on('error', reportError);
    redactStreams();
  }
  let running: Promise<void>;
  try {
    running = work();
  } catch (error) {
    running = Promise.reject(error);
  }
  running.catch(reportError).finally(exitIfAbandoned);
}
