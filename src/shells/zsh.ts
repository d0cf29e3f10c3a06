import { join } from 'node:path';
import { bashCompletion } from './bash.js';
import { posixHook, posixShell } from './posix.js';

export const zsh = posixShell('zsh', {
  load: (args) => `eval "$(aigate ${args})"`,
  processes: ['zsh'],
  hook: posixHook('aigate.zsh', ({ home, env }) => [join(env.ZDOTDIR || home, '.zshrc')]),
  // bash's script through bashcompinit, which needs compinit's compdef; most .zshrc files load it already.
  completion: (commands, names) => `(( $+functions[compdef] )) || { autoload -Uz compinit && compinit -D; }\nautoload -U +X bashcompinit && bashcompinit\n${bashCompletion(commands, names)}`,
});
