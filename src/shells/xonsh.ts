import { lineShell } from './types.js';

/**
 * A Python string literal in ASCII only: printable ASCII as itself (`\` and `'` escaped), every
 * other character as `\xHH`, `\uHHHH` or `\UHHHHHHHH`, so no encoding or line ending can change it.
 */
export function pythonString(value: string): string {
  let out = "'";
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '\\' || char === "'") out += `\\${char}`;
    else if (code >= 0x20 && code <= 0x7e) out += char;
    else if (code <= 0xff) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}'`;
}

export const xonsh = lineShell({
  name: 'xonsh',
  processes: ['xonsh'],
  load: (args) => `execx($(aigate ${args}))`,
  // ${...} is xonsh's environment: `$NAME = …` without the $-expansion of a name in a value.
  set: (name, value) => `\${...}['${name}'] = ${pythonString(value)}`,
  unset: (name) => `\${...}.pop('${name}', None)`,
});
