import { readFileSync } from 'node:fs';
import { AigateError } from '../errors.js';

/** The text of a file, or undefined when there is none; any other failure names the file. */
export function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new AigateError(`cannot read ${file}: ${code === 'EACCES' ? 'permission denied' : (error as Error).message}`);
  }
}
