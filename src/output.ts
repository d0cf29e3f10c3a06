import { writeSync } from 'node:fs';
import { redactKey } from './profile/mask.js';

/** The keys this process has seen: whatever it prints is redacted of them (redactKey), but where the user asked for the key. */
const secrets = new Set<string>();

/** From now on, `key` is masked in everything this process prints (but writeSecret's output). */
export function treatAsSecret(key: string | undefined): void {
  if (key?.trim()) secrets.add(key);
}

/** `text` with every key this process knows masked, in any form it may take. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const key of secrets) out = redactKey(out, key);
  return out;
}

/**
 * Writes all of `text` to a file descriptor synchronously, the keys masked. Used on the shell-start
 * path instead of process.stdout, whose first use sets up streams and sockets that cost milliseconds
 * per shell.
 */
export function writeAll(fd: 1 | 2, text: string): void {
  writeSecret(fd, redactSecrets(text));
}

/** Writes `text` as it is: only for what the user asked to see the key in (`aigate env`, `aigate key`). */
export function writeSecret(fd: 1 | 2, text: string): void {
  let bytes = Buffer.from(text);
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(writeSync(fd, bytes));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

/** Control characters (ESC, CR, BEL, C1 …) written as \xHH, so no message can drive the terminal. */
export function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu, (c) => {
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

/**
 * JSON for a terminal: JSON.stringify escapes C0 controls but leaves DEL, C1 controls (0x9b is a
 * CSI on some terminals) and the line separators raw; these become \uXXXX too, still valid JSON.
 */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Every string the full CLI writes to stdout and stderr goes through redactSecrets. */
export function redactStreams(): void {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? redactSecrets(chunk) : chunk, ...rest)) as typeof stream.write;
  }
}
