import { writeAll } from '../output.js';
import { transition } from '../profile/state.js';
import { detectShell } from '../shells/detect.js';
import { checkChanges, shellNamed } from '../shells/index.js';

/**
 * `aigate off`: code that removes every variable aigate set in this shell and puts back what was
 * there before, "unset" included (from AIGATE_STATE). The shell integration's `aigate off` evaluates it.
 */
export async function offCommand(options: { shell?: string }): Promise<void> {
  const shell = shellNamed(options.shell ?? detectShell());
  const changes = transition(process.env, undefined);
  checkChanges(changes, shell);
  writeAll(1, await shell.render(changes, process.env));
}
