import { AigateError } from '../errors.js';
import type { Shell } from './types.js';

/** Ways dotenv can quote a value; which one holds a given value is for dotenv itself to say. */
const QUOTINGS = [
  (value: string) => `'${value}'`,
  (value: string) => `"${value.replaceAll('\n', '\\n')}"`,
  (value: string) => `\`${value}\``,
  (value: string) => `"${value}"`,
];

type Parse = (typeof import('dotenv'))['parse'];

/** The first quoting that dotenv reads back unchanged; a value no quoting holds is refused. */
function dotenvLine(parse: Parse, name: string, value: string): string {
  for (const quote of QUOTINGS) {
    const line = `${name}=${quote(value)}`;
    if (parse(line)[name] === value) return `${line}\n`;
  }
  throw new AigateError(`the value of ${name} cannot be written in the .env format (dotenv would read it back changed); use another --shell`);
}

export const dotenv: Shell = {
  name: 'dotenv',
  evaluated: false,
  // A .env file cannot remove a variable: the removals are left out.
  // dotenv is loaded here, not at the top: every other format would pay for it at each shell start.
  render: async ({ set }) => {
    const { parse } = await import('dotenv');
    return set.map(([name, value]) => dotenvLine(parse, name, value)).join('');
  },
};
