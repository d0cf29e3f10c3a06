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

/**
 * Lines whose value starts with a line break, so that a quote ends a line: a line read back right
 * even with these after it cannot run on into the next line (in a value ending in \, dotenv reads
 * \' as an escaped quote, and looks for a quote at the end of a later line).
 */
const PROBES = { AIGATE_PROBE_1: "'\nq'", AIGATE_PROBE_2: '"\nq"', AIGATE_PROBE_3: '`\nq`' };
const PROBE_LINES = Object.entries(PROBES).map(([name, quoted]) => `${name}=${quoted}\n`).join('');

/** The first quoting that dotenv reads back unchanged, whatever follows; a value no quoting holds is refused. */
function dotenvLine(parse: Parse, name: string, value: string): string {
  for (const quote of QUOTINGS) {
    const line = `${name}=${quote(value)}`;
    const read = parse(`${line}\n${PROBE_LINES}`);
    if (read[name] === value && Object.keys(PROBES).every((probe) => read[probe] === '\nq')) return `${line}\n`;
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
