import { join } from 'node:path';
import { documentsFolder } from '../integration/documents-folder.js';
import { type CompletionCommand, integrationVariables, lineShell, type ShellNames, shellArgument } from './types.js';

/**
 * A PowerShell expression for `value`, in ASCII only: Windows PowerShell 5.1 decodes a native
 * command's output in the console code page, so every other character is written `[char]0xHHHH`
 * (UTF-16 units, so astral characters become surrogate pairs). Control characters go the same
 * way, so no line ending is rewritten by `Out-String`. Within `'…'` only U+0027 remains to double:
 * the other quotes PowerShell ends a string at (U+2018–U+201B) are not ASCII.
 *
 * A value with such characters is `(-join @(…))`, a flat list: a chain of `+` nests one level per
 * term, and PowerShell's compiler overflows its stack on a long value of that shape. The
 * parentheses make it one argument in command mode too.
 */
export function powershellString(value: string): string {
  const terms: string[] = [];
  let literal = '';
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0x20 && unit <= 0x7e) {
      literal += unit === 0x27 ? "''" : value[i];
      continue;
    }
    if (literal) terms.push(`'${literal}'`);
    literal = '';
    terms.push(`[char]0x${unit.toString(16).toUpperCase().padStart(4, '0')}`);
  }
  if (terms.length === 0) return `'${literal}'`;
  if (literal) terms.push(`'${literal}'`);
  return `(-join @(${terms.join(', ')}))`;
}

export function powershellCompletion(commands: readonly CompletionCommand[], names: ShellNames): string {
  const list = (items: readonly string[]) => `@(${items.map((item) => `'${item}'`).join(', ')})`;
  const table = commands.map((c) => `    '${c.name}' = ${list(c.options)}`).join('\n');
  // The shells a command's first argument takes (init, completion), by command.
  const positional = commands.flatMap((c) => (shellArgument(c, names) ? [`    '${c.name}' = ${list(shellArgument(c, names)!)}`] : [])).join('\n');
  return `# aigate completion for PowerShell: aigate completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName aigate -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $options = @{
${table}
  }
  $positional = @{
${positional}
  }
  $words = @($commandAst.CommandElements | ForEach-Object { $_.ToString() })
  # The word before the one being completed (the last one, when a new word is begun).
  $previous = $words[-1]
  if ($wordToComplete -and $words.Count -ge 2) { $previous = $words[-2] }
  if ($words.Count -le 1 -or ($words.Count -eq 2 -and $wordToComplete)) { $candidates = $options.Keys }
  elseif ($previous -eq '--shell') { $candidates = ${list(names.formats)} }
  elseif ($previous -eq '--profile' -or (${list(commands.filter((c) => c.argument === 'profile').map((c) => c.name))} -contains $words[1] -and $words.Count -le 3)) { $candidates = @(aigate __complete profiles 2>$null) }
  elseif ($positional.ContainsKey($words[1]) -and $words.Count -le 3) { $candidates = $positional[$words[1]] }
  else { $candidates = $options[$words[1]] }
  $candidates | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object { [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_) }
}
`;
}

const powershellVariable = (name: string, value: string) => `$global:${name} = ${powershellString(value)}`;

export const powershell = lineShell({
  name: 'powershell',
  aliases: ['pwsh'],
  load: (args) => `aigate ${args} | Out-String | Invoke-Expression`,
  processes: ['pwsh', 'powershell'],
  completion: powershellCompletion,
  set: (name, value) => `\${env:${name}} = ${powershellString(value)}`,
  // $null removes it (Windows PowerShell 5.1 too). Not Remove-Item: a cmdlet would load its module
  // (100 ms and more) at shell start; and the Env: drive, like `set`, costs less there than a .NET call.
  unset: (name) => `\${env:${name}} = $null`,
  hook: {
    script: 'aigate.ps1',
    session: 'aigate.session.ps1',
    // CurrentUserCurrentHost; on Windows both editions' (PowerShell 7 and Windows PowerShell 5.1), in
    // the Documents folder Windows knows (OneDrive may have moved it), as $PROFILE is.
    rcFiles: ({ home, env, platform }) =>
      platform === 'win32'
        ? ['PowerShell', 'WindowsPowerShell'].map((edition) => join(documentsFolder(home, env), edition, 'Microsoft.PowerShell_profile.ps1'))
        : [join(env.XDG_CONFIG_HOME || join(home, '.config'), 'powershell', 'Microsoft.PowerShell_profile.ps1')],
    // Read and evaluated rather than dot-sourced: an AllSigned execution policy would refuse an
    // unsigned file. .NET calls, not Test-Path and Invoke-Expression: their module would load first.
    loader: (path, bin, session) => [
      `if ([System.IO.File]::Exists(${powershellString(path)})) {`,
      ...integrationVariables(bin, session).map(([name, value]) => `    ${powershellVariable(name, value)}`),
      `    . ([scriptblock]::Create([System.IO.File]::ReadAllText(${powershellString(path)})))`,
      '}',
    ],
    variable: powershellVariable,
    fn: (name, body) => `function global:${name} {\n${body}}`,
    // .NET calls, not cmdlets or the Env: drive: this runs at every prompt, and they cost five to ten times more.
    unchanged: (name, { profile, present, absent, stamp, values }) => {
      // Without a stamp (no cache folder) nothing can be known unchanged: every prompt asks aigate.
      if (!stamp) return `function global:${name} { return $false }`;
      const file = (path: string) => `[System.IO.File]::Exists(${powershellString(path)})`;
      const modified = (path: string) => `[System.IO.File]::GetLastWriteTimeUtc(${powershellString(path)})`;
      const tests = [
        // The integration script sets $global:_AIGATE_USE, so reading it is safe under Set-StrictMode.
        `([string]$global:_AIGATE_USE -ceq ${powershellString(profile)})`,
        file(stamp),
        ...present.map((path) => `${file(path)} -and (${modified(path)} -le $stamp)`),
        ...absent.map((path) => `-not ${file(path)} -and -not [System.IO.Directory]::Exists(${powershellString(path)})`),
        ...values.map(([n, v]) => `([string][System.Environment]::GetEnvironmentVariable('${n}') -ceq ${powershellString(v)})`),
      ];
      return `function global:${name} {\n    $stamp = ${modified(stamp)}\n    return ${tests.join(' -and\n        ')}\n}`;
    },
    sameProject: (name, search) => {
      if (!search) return `function global:${name} { return $false }`;
      const tests = [
        `$ExecutionContext.SessionState.Path.CurrentFileSystemLocation.ProviderPath -ceq ${powershellString(search.from)}`,
        ...search.passed.map((path) => `-not [System.IO.File]::Exists(${powershellString(path)})`),
      ];
      return `function global:${name} {\n    return ${tests.join(' -and\n        ')}\n}`;
    },
  },
});
