import { configFile } from '../config/paths.js';
import { readText } from '../edit/file.js';
import { profileNameProblem } from '../profile/validate.js';
import { tomlData } from '../edit/toml-data.js';
import { AigateError } from '../errors.js';
import { writeAll } from '../output.js';
import { INTEGRATION_SHELLS, SHELLS } from '../shells/index.js';

/** A command as the completion scripts need it: its name and options (from cac's own table). */
export interface CompletionCommand {
  name: string;
  options: string[];
  /** What its first argument is: a shell name, a profile, or anything. */
  argument?: 'shell' | 'profile';
}


function bash(commands: CompletionCommand[]): string {
  const words = (list: readonly string[]) => `words=(${list.join(' ')})`;
  const profiles = 'while IFS= read -r word; do words+=("$word"); done < <(aigate __complete profiles 2>/dev/null)';
  const cases = commands
    .map((c) => {
      if (c.argument === 'shell') return `    ${c.name}) ${words(INTEGRATION_SHELLS)} ;;`;
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
      --shell) ${words(SHELLS.map((s) => s.name))} ;;
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

function fish(commands: CompletionCommand[]): string {
  const lines = [
    '# aigate completion for fish: aigate completion fish | source',
    'complete -c aigate -f',
    `complete -c aigate -n __fish_use_subcommand -a '${commands.map((c) => c.name).join(' ')}'`,
  ];
  for (const c of commands) {
    const when = `-n '__fish_seen_subcommand_from ${c.name}'`;
    if (c.argument === 'shell') lines.push(`complete -c aigate ${when} -a '${INTEGRATION_SHELLS.join(' ')}'`);
    if (c.argument === 'profile') lines.push(`complete -c aigate ${when} -a '(aigate __complete profiles 2>/dev/null)'`);
    for (const option of c.options) {
      const values = option === '--shell' ? ` -xa '${SHELLS.map((s) => s.name).join(' ')}'` : option === '--profile' ? " -xa '(aigate __complete profiles 2>/dev/null)'" : '';
      lines.push(`complete -c aigate ${when} -l ${option.slice(2)}${values}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function powershell(commands: CompletionCommand[]): string {
  const table = commands.map((c) => `    '${c.name}' = @(${c.options.map((o) => `'${o}'`).join(', ')})`).join('\n');
  return `# aigate completion for PowerShell: aigate completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName aigate -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $options = @{
${table}
  }
  $words = @($commandAst.CommandElements | ForEach-Object { $_.ToString() })
  # The word before the one being completed (the last one, when a new word is begun).
  $previous = $words[-1]
  if ($wordToComplete -and $words.Count -ge 2) { $previous = $words[-2] }
  if ($words.Count -le 1 -or ($words.Count -eq 2 -and $wordToComplete)) { $candidates = $options.Keys }
  elseif ($previous -eq '--shell') { $candidates = @(${SHELLS.map((s) => `'${s.name}'`).join(', ')}) }
  elseif ($previous -eq '--profile' -or $words[1] -eq 'use') { $candidates = @(aigate __complete profiles 2>$null) }
  elseif (@('init', 'completion', 'install', 'uninstall') -contains $words[1] -and $words.Count -le 3) { $candidates = @(${INTEGRATION_SHELLS.map((s) => `'${s}'`).join(', ')}) }
  else { $candidates = $options[$words[1]] }
  $candidates | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object { [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_) }
}
`;
}

/** `aigate completion SHELL`: subcommands, their flags, shell names and the config's profiles. */
export function completionCommand(shellName: string, commands: CompletionCommand[]): void {
  const scripts: Record<string, (c: CompletionCommand[]) => string> = {
    bash,
    // bashcompinit needs compinit's compdef; most .zshrc files load it already.
    zsh: (c) => `(( $+functions[compdef] )) || { autoload -Uz compinit && compinit -D; }\nautoload -U +X bashcompinit && bashcompinit\n${bash(c)}`,
    fish,
    powershell,
    pwsh: powershell,
  };
  const script = scripts[shellName];
  if (!script) throw new AigateError(`no completion for "${shellName}"; choose bash, zsh, fish or powershell`, 2);
  writeAll(1, script(commands));
}

/** `aigate __complete profiles`: the profile names in config.toml (and "default"), one per line. */
export function completeCommand(what: string): void {
  if (what !== 'profiles') return;
  const file = configFile(process.env);
  let names: string[] = [];
  try {
    const profiles = tomlData(file, readText(file) ?? '').profiles;
    if (profiles && typeof profiles === 'object') names = Object.keys(profiles);
  } catch {
    // no config, or a broken one: complete what we can
  }
  // Only names a profile can have: a name from a hand-edited file is data, and stays out if it could be more.
  writeAll(1, [...new Set(['default', ...names])].filter((name) => !profileNameProblem(name)).map((name) => `${name}\n`).join(''));
}
