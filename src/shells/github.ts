import { AigateError } from '../errors.js';
import type { Shell } from './types.js';

/** A workflow command's data, escaped as the runner unescapes it (what @actions/core does). */
function commandData(value: string): string {
  return value.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** A delimiter that is no line of any value: the runner ends a value at the first line equal to it. */
function delimiterFor(values: readonly string[]): string {
  for (;;) {
    // node:crypto only here: every other format would pay for loading it at each shell start.
    const delimiter = `AIGATE_${process.getBuiltinModule('node:crypto').randomBytes(12).toString('hex')}`;
    if (!values.some((value) => value.includes(delimiter))) return delimiter;
  }
}

/**
 * GitHub Actions: the variables go to the file named by $GITHUB_ENV, which the runner reads after
 * the step for the steps that follow, in its multi-line form (`NAME<<DELIMITER`, the value, the
 * delimiter). A variable to remove is set empty: the file cannot remove one. No AIGATE_STATE: a
 * job has nothing to restore, and each later step's log lists its environment. On stdout, before
 * anything else, `::add-mask::` for every secret value, so that the runner hides it in every log.
 */
export const github: Shell = {
  name: 'github',
  aliases: ['gha'],
  evaluated: false,
  appendTo: 'GITHUB_ENV',
  render: ({ secrets = [] }) => [...new Set(secrets)].filter(Boolean).map((secret) => `::add-mask::${commandData(secret)}\n`).join(''),
  fileText: ({ set, unset }) => {
    const entries: Array<[string, string]> = [...set, ...unset.map((name) => [name, ''] as [string, string])];
    for (const [name, value] of entries) {
      // On a Windows runner, CR LF also ends a line: a final CR would be taken for part of one.
      if (value.endsWith('\r')) throw new AigateError(`the value of ${name} ends with a carriage return, which the GitHub runner would drop; take it out of the value`);
    }
    const delimiter = delimiterFor(entries.map(([, value]) => value));
    return entries.map(([name, value]) => `${name}<<${delimiter}\n${value}\n${delimiter}\n`).join('');
  },
};
