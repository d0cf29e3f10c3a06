import { appendToFile } from '../integration/append.js';
import { writeAll } from '../output.js';
import { STATE_VARIABLE, stateWarning, transition } from '../profile/state.js';
import { detectShell } from '../shells/detect.js';
import { checkChanges, shellNamed } from '../shells/index.js';

/**
 * `aigate off`: code that removes every variable aigate set in this shell and puts back what was
 * there before, "unset" included (from AIGATE_STATE). The shell integration's `aigate off` evaluates it.
 */
export async function offCommand(options: { shell?: string }): Promise<void> {
  const shell = shellNamed(options.shell ?? detectShell());
  const tampered = stateWarning(process.env);
  if (tampered) writeAll(2, `aigate: ${tampered}\n`);
  const changes = transition(process.env, undefined);
  // A format that is not evaluated keeps no state: there is none of it to remove.
  if (!shell.evaluated) changes.unset = changes.unset.filter((name) => name !== STATE_VARIABLE);
  checkChanges(changes, shell);
  const output = await shell.render(changes, process.env);
  if (shell.appendTo) appendToFile(shell, changes, process.env);
  writeAll(1, output);
}
