import { lineShell } from './types.js';

/** Inside elvish's `'…'` only `'` is special, written `''`; line breaks and everything else are literal. */
export function elvishQuote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export const elvish = lineShell({
  name: 'elvish',
  aliases: ['elv'],
  processes: ['elvish'],
  load: (args) => `eval (aigate ${args} | slurp)`,
  set: (name, value) => `set-env ${name} ${elvishQuote(value)}`,
  unset: (name) => `unset-env ${name}`,
});
