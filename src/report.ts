import { AigateError } from './errors.js';
import { escapeControls, writeAll } from './output.js';

/**
 * Prints an error as one line on stderr and sets the exit code. An error aigate did not expect is
 * still one line, naming the file when the system named one; AIGATE_DEBUG=1 adds the stack.
 */
export function reportError(error: unknown): void {
  const { code, syscall, path } = (error ?? {}) as NodeJS.ErrnoException;
  // The reader went away (`aigate models | head -1`): stop quietly, with the status of a program
  // that SIGPIPE ended, as other command-line tools do.
  if (code === 'EPIPE') process.exit(128 + 13);
  try {
    if (syscall === 'write' && !path && code) {
      // stdout or stderr could not be written (a full disk, a closed terminal): one line, no trace.
      writeAll(2, `aigate: cannot write the output: ${code === 'ENOSPC' ? 'no space left on the device' : (error as Error).message} (${code})\n`);
      process.exitCode = 1;
      return;
    }
    describe(error);
  } catch {
    // stderr is gone too: the exit status is all that is left to say it
    process.exitCode ||= 1;
  }
}

function describe(error: unknown): void {
  const usage = error instanceof Error && (error.name === 'CACError' || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS'));
  if (error instanceof AigateError) {
    writeAll(2, `aigate: ${oneLine(error.message)}\n`);
    process.exitCode = error.exitCode;
  } else if (usage) {
    writeAll(2, `aigate: ${oneLine((error as Error).message)}; see \`aigate --help\`\n`);
    process.exitCode = 2;
  } else {
    const { path, message } = (error ?? {}) as NodeJS.ErrnoException;
    const what = path ? `${path}: ${message}` : error instanceof Error ? message : String(error);
    writeAll(2, `aigate: unexpected error: ${oneLine(what)} (AIGATE_DEBUG=1 shows where)\n`);
    process.exitCode = 1;
  }
  if (process.env.AIGATE_DEBUG && error instanceof Error) writeAll(2, `${error.stack}\n`);
}

/** Several problems are several lines; each is made safe for a terminal on its own. */
function oneLine(message: string): string {
  return message
    .split('\n')
    .map((line) => escapeControls(line))
    .join('\n');
}
