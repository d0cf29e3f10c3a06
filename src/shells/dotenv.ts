import { AigateError } from '../errors.js';
import type { Shell } from './types.js';

/**
 * A value in the quoting that dotenv reads back unchanged: '…' is literal, "…" turns \n and \r
 * into line breaks and has no other escape, `…` is literal. A value that fits none is refused.
 */
function dotenvQuote(name: string, value: string): string {
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"') && !/\\[nr]/.test(value)) {
    return `"${value.replaceAll('\n', '\\n').replaceAll('\r', '\\r')}"`;
  }
  if (!value.includes('`')) return `\`${value}\``;
  throw new AigateError(`the value of ${name} holds ', " and \` at once; the .env format cannot hold it (use another --shell)`);
}

export const dotenv: Shell = {
  name: 'dotenv',
  evaluated: false,
  // A .env file cannot remove a variable: the removals are left out.
  render: ({ set }) => set.map(([name, value]) => `${name}=${dotenvQuote(name, value)}\n`).join(''),
};
