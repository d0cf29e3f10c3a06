import { lineShell } from './types.js';

/** `'…'` with each `'` written `'\''`: round-trips every value in bash, zsh and dash ($'…' is not POSIX). */
export function posixQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

export function posixShell(name: string, aliases?: readonly string[]) {
  return lineShell({
    name,
    ...(aliases && { aliases }),
    set: (variable, value) => `export ${variable}=${posixQuote(value)}`,
    unset: (variable) => `unset ${variable}`,
  });
}
