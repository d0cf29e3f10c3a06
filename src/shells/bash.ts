import { join } from 'node:path';
import { posixHook, posixShell } from './posix.js';
import { type CompletionCommand, type ShellNames, shellArgument } from './types.js';

export function bashCompletion(commands: readonly CompletionCommand[], names: ShellNames): string {
  const words = (list: readonly string[]) => `words=(${list.join(' ')})`;
  const profiles = 'while IFS= read -r word; do words+=("$word"); done < <(aigate __complete profiles 2>/dev/null)';
  const cases = commands
    .map((c) => {
      const shells = shellArgument(c, names);
      if (shells) return `    ${c.name}) ${words(shells)} ;;`;
      if (c.argument === 'profile') return `    ${c.name}) ${profiles} ;;`;
      return `    ${c.name}) ${words(c.options)} ;;`;
    })
    .join('\n');
  // The candidates are matched here and put into COMPREPLY as data: compgen -W would expand
  // $(…) and globs in them, and profile names come from a file.
  return `# aigate completion for bash (and zsh through bashcompinit): eval "$(aigate completion bash)"
_aigate_complete() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} word
  local -a words=()
  if ((COMP_CWORD == 1)); then
    ${words(commands.map((c) => c.name))}
  else
    case $prev in
      --shell) ${words(names.formats)} ;;
      --profile) ${profiles} ;;
      *)
        case \${COMP_WORDS[1]} in
${cases}
        esac
        ;;
    esac
  fi
  COMPREPLY=()
  for word in \${words[@]+"\${words[@]}"}; do
    [[ $word == "$cur"* ]] && COMPREPLY+=("$word")
  done
  return 0
}
complete -F _aigate_complete aigate
`;
}

export const bash = posixShell('bash', {
  load: (args) => `eval "$(aigate ${args})"`,
  processes: ['bash'],
  hook: posixHook('aigate.bash', ({ home }) => [join(home, '.bashrc')]),
  completion: bashCompletion,
});
