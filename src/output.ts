import { writeSync } from 'node:fs';

/**
 * Writes all of `text` to a file descriptor synchronously. Used on the shell-start path instead of
 * process.stdout, whose first use sets up streams and sockets that cost milliseconds per shell.
 */
export function writeAll(fd: 1 | 2, text: string): void {
  let bytes = Buffer.from(text);
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(writeSync(fd, bytes));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}
