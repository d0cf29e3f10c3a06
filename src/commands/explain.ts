import { maskKey } from '../profile/mask.js';
import { describeSource } from '../profile/resolve.js';
import type { Profile } from '../profile/types.js';
import type { VariablePlan } from '../profile/variables.js';
import { escapeControls } from '../output.js';

/**
 * `aigate env --explain`: each variable, its value (the key masked) and where it came from, within
 * EXPLAIN_COLUMNS where the values allow.
 */
export function explain(profile: Profile, plan: VariablePlan, config: string, absent: boolean): string {
  const rows: string[][] = [
    ['config', config, absent ? 'not found: built-in defaults' : ''],
    ...plan.set.map(({ name, value, source, secret }) => [name, secret ? maskKey(value) : value, describeSource(source)]),
    ...plan.unset.map(({ name, reason }) => [name, '(removed)', reason]),
  ];
  if (!profile.key) rows.push(['(API key)', '(none)', `${profile.apiKeyEnv.value} is not set`]);
  // Values and file names come from outside: shown, never obeyed by the terminal.
  for (const row of rows) row.forEach((cell, i) => (row[i] = escapeControls(cell)));
  const nameWidth = Math.max(...rows.map(([name]) => name!.length));
  // The config row has no source column to line up with: its path does not widen the others.
  const valueWidth = Math.max(...rows.filter(([, , source]) => source).map(([, value]) => value!.length));
  // Within EXPLAIN_COLUMNS where the values allow: a source that does not fit beside its value goes
  // below it, under the value column, wrapped at spaces.
  const indent = ' '.repeat(nameWidth + 2);
  return rows
    .map(([name, value, source]) => {
      const line = `${name!.padEnd(nameWidth)}  ${value!.padEnd(valueWidth)}  ${source}`.trimEnd();
      if (line.length <= EXPLAIN_COLUMNS || !source) return `${line}\n`;
      const below = wrap(source, Math.max(40, EXPLAIN_COLUMNS - indent.length)).map((part) => `${indent}${part}\n`);
      return `${name!.padEnd(nameWidth)}  ${value}\n${below.join('')}`;
    })
    .join('');
}

const EXPLAIN_COLUMNS = 100;

/** `text` in lines of at most `width` characters, broken at spaces (a longer word stays whole). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}
