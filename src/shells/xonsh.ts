import { join } from 'node:path';
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

/** Lines indented into a Python block (`pass` for none). */
function block(body: string): string {
  const lines = body.split('\n').filter((line) => line.trim());
  return (lines.length ? lines : ['pass']).map((line) => `    ${line}`).join('\n');
}

/**
 * Plain Python (xonsh is a superset): the integration runs the hook's output with exec(), and a
 * user with execx(). `__xonsh__.env` is the environment xonsh hands its commands.
 */
export const xonsh = lineShell({
  name: 'xonsh',
  processes: ['xonsh'],
  load: (args) => `execx($(aigate ${args}))`,
  set: (name, value) => `__xonsh__.env[${pythonString(name)}] = ${pythonString(value)}`,
  unset: (name) => `__xonsh__.env.pop(${pythonString(name)}, None)`,
  hook: {
    script: 'aigate.xsh',
    rcFiles: ({ home }) => [join(home, '.xonshrc')],
    // @(…): a Python string in a command's place, so no quoting rule of xonsh's command mode applies.
    loader: (path, bin) => [
      `if __import__('os').path.isfile(${pythonString(path)}):`,
      `    _AIGATE_BIN = ${pythonString(bin)}`,
      `    source @(${pythonString(path)})`,
    ],
    variable: (name, value) => `${name} = ${pythonString(value)}`,
    fn: (name, body) => `def ${name}():\n${block(body)}`,
    // One stat per file and a dict lookup per variable; any OSError (a file gone) means "changed".
    unchanged: (name, { profile, present, absent, stamp, values }) => {
      if (!stamp) return `def ${name}():\n    return False`;
      const tests = [
        `_AIGATE_USE == ${pythonString(profile)}`,
        ...present.map((file) => `_aigate_os.stat(${pythonString(file)}).st_mtime_ns <= stamp`),
        ...absent.map((file) => `not _aigate_os.path.lexists(${pythonString(file)})`),
        ...values.map(([n, v]) => `env.get(${pythonString(n)}, '') == ${pythonString(v)}`),
      ];
      return [
        `def ${name}():`,
        '    try:',
        `        stamp = _aigate_os.stat(${pythonString(stamp)}).st_mtime_ns`,
        '    except OSError:',
        '        return False',
        '    env = __xonsh__.env.detype()',
        '    try:',
        `        return (${tests.join('\n            and ')})`,
        '    except OSError:',
        '        return False',
      ].join('\n');
    },
  },
});
