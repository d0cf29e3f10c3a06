import { lineShell } from './types.js';

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

export const powershell = lineShell({
  name: 'powershell',
  aliases: ['pwsh'],
  set: (name, value) => `\${env:${name}} = ${powershellString(value)}`,
  // .NET rather than Remove-Item: a cmdlet would load its module (100 ms and more) at shell start.
  // [NullString]::Value, since PowerShell passes $null to a string parameter as '', which sets the
  // variable empty instead of removing it.
  unset: (name) => `[System.Environment]::SetEnvironmentVariable('${name}', [NullString]::Value)`,
  hook: {
    script: 'aigate.ps1',
    variable: (name, value) => `$global:${name} = ${powershellString(value)}`,
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
  },
});
