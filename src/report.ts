import { AigateError } from './errors.js';
import { writeAll } from './output.js';

/** Prints an error as one line on stderr and sets the exit code; a bug also shows its stack. */
export function reportError(error: unknown): void {
  const usage = error instanceof Error && (error.name === 'CACError' || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS'));
  if (error instanceof AigateError) {
    writeAll(2, `aigate: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else if (usage) {
    writeAll(2, `aigate: ${(error as Error).message}; see \`aigate --help\`\n`);
    process.exitCode = 2;
  } else {
    writeAll(2, `aigate: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  }
}
