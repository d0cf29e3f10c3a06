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
  hook: {
    script: 'aigate.fish',
    variable: (name, value) => `set -g ${name} ${fishQuote(value)}`,
    fn: (name, body) => `function ${name}\n${body}end`,
    // One `test` with -a: far cheaper than a builtin per fact. "x…" on both sides of =, or test
    // would read a value such as "-n" as an operator.
    unchanged: (name, { profile, present, absent, stamp, values }) => {
      const tests = [
        `"x$_AIGATE_USE" = ${fishQuote(`x${profile}`)}`,
        ...present.map((file) => `-f ${fishQuote(file)} -a ! ${fishQuote(file)} -nt ${fishQuote(stamp)}`),
        ...absent.map((file) => `! -e ${fishQuote(file)}`),
        ...values.map(([n, v]) => `"x$${n}" = ${fishQuote(`x${v}`)}`),
      ];
      return `function ${name}\n    test ${tests.join(' \\\n        -a ')}\nend`;
    },
  },
});
