import { AigateError } from '../errors.js';

/** `aigate use` and `aigate reload` reach the program only without the shell integration, which they need. */
export function useCommand(command: 'use' | 'reload', profile?: string): never {
  const instead = command === 'use' ? `eval "$(aigate env --profile ${profile ?? 'NAME'})"` : 'eval "$(aigate env)"';
  throw new AigateError(
    `aigate ${command} changes the variables of the current shell, which only the shell integration can do: run \`aigate install\` and open a new shell, or meanwhile: ${instead} (to change the default profile: aigate profile use NAME)`,
  );
}
