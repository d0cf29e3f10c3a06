import { AigateError } from './errors.js';
import { escapeControls, writeAll } from './output.js';

/**
 * Prints an error as one line on stderr and sets the exit code. An error aigate did not expect is
 * still one line, naming the file when the system named one; AIGATE_DEBUG=1 adds the stack.
 */
export function reportError(error: unknown): void {
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
