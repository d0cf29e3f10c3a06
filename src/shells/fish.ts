import { lineShell } from './types.js';

/** Inside fish's `'…'` only `\\` and `\'` are escapes; newlines and everything else are literal. */
export function fishQuote(value: string): string {
  return `'${value.replace(/[\\']/g, '\\$&')}'`;
}

export const fish = lineShell({
  name: 'fish',
  // -g: the hook runs inside a function, where a plain `set -x` would be local. No `--` after the
  // name: fish would store it as the first element of a list.
  set: (name, value) => `set -gx ${name} ${fishQuote(value)}`,
  // `set -e` returns 4 for a variable that was not set; `; or true` keeps the status clean.
  unset: (name) => `set -e -g ${name}; or true`,
});
