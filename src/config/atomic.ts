import { chmodSync, closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces `file` with `content` all at once: written to a temporary file in the same folder,
 * flushed, then renamed over it, so a crash leaves the old file or the new one, never half of one.
 * The mode is the existing file's, else `mode`.
 */
export function writeFileAtomic(file: string, content: string, mode = 0o644): void {
  let finalMode = mode;
  try {
    finalMode = statSync(file).mode & 0o7777;
  } catch {
    // a new file
  }
  const temporary = join(dirname(file), `.${basename(file)}.aigate-${process.pid}-${Date.now()}.tmp`);
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    chmodSync(temporary, finalMode);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
