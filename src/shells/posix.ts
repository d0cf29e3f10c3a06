import { type HookSyntax, lineShell, type Shell, type StartupContext } from './types.js';

/** `'…'` with each `'` written `'\''`: round-trips every value in bash, zsh and dash ($'…' is not POSIX). */
export function posixQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** bash and zsh share this: plain assignments inside a function are global in both. */
export function posixHook(script: string, rcFiles: (where: StartupContext) => string[]): HookSyntax {
  return {
    script,
    rcFiles,
    loader: (path, bin) => [`if [ -r ${posixQuote(path)} ]; then _AIGATE_BIN=${posixQuote(bin)}; . ${posixQuote(path)}; fi`],
    variable: (name, value) => `${name}=${posixQuote(value)}`,
    // A function body cannot be empty here: `:` stands for nothing.
    fn: (name, body) => `${name}() {\n${body || ':\n'}}`,
    unchanged: (name, { profile, present, absent, stamp, values }) => {
      const tests = [
        `\${_AIGATE_USE-} == ${posixQuote(profile)}`,
        ...present.map((file) => `-f ${posixQuote(file)} && ! ${posixQuote(file)} -nt ${posixQuote(stamp)}`),
        ...absent.map((file) => `! -e ${posixQuote(file)}`),
        ...values.map(([n, v]) => `\${${n}-} == ${posixQuote(v)}`),
      ];
      return `${name}() {\n  [[ ${tests.join(' &&\n    ')} ]]\n}`;
    },
  };
}

export function posixShell(name: string, options: Omit<Shell, 'name' | 'evaluated' | 'render'> = {}) {
  return lineShell({
    name,
    ...options,
    set: (variable, value) => `export ${variable}=${posixQuote(value)}`,
    unset: (variable) => `unset ${variable}`,
  });
}
