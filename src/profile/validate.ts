/**
 * The one validator for outside text, wherever it enters (config.toml, a project file, `.env`, the
 * environment, flags, `config set`, `profile add`). Each function says what is wrong, or undefined.
 */

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PROFILE_NAME = /^[A-Za-z0-9._-]+$/;
// C0 and C1 controls, DEL, and the line and paragraph separators: never in an id or a name.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Sizes, in UTF-16 units, of what becomes an environment variable. Linux refuses to start any program
 * once one variable passes 128 KiB (MAX_ARG_STRLEN: `ls` and `aigate off` included), Windows holds
 * 32,767 characters a variable: a value from a cloned repository must never get near either.
 * 16 Ki units are at most 48 KiB of UTF-8.
 */
export const MAX_VALUE_LENGTH = 16 * 1024;
const MAX_ID_LENGTH = 1024;
const MAX_URL_LENGTH = 2048;

const tooLong = (what: string, value: string, limit: number) =>
  value.length > limit ? `${what} of ${value.length} characters is longer than aigate allows (${limit})` : undefined;

/** Why `value` cannot be the value of an environment variable aigate sets. */
export function valueProblem(value: string): string | undefined {
  if (value.includes('\0')) return 'a value cannot hold a NUL character, which no environment can hold';
  return tooLong('a value', value, MAX_VALUE_LENGTH);
}

/**
 * Variables that no profile may set: the state aigate keeps in the shell, and the ones a shell or
 * the dynamic loader runs code from or finds commands by (the bash hook itself lives in PROMPT_COMMAND).
 */
const HAZARDS = new Set([
  'AIGATE_STATE', 'PROMPT_COMMAND', 'PS0', 'PATH', 'ENV', 'BASH_ENV', 'ZDOTDIR', 'IFS', 'CDPATH', 'SHELLOPTS', 'BASHOPTS',
  'LD_PRELOAD', 'LD_LIBRARY_PATH', 'LD_AUDIT', 'DYLD_INSERT_LIBRARIES', 'DYLD_LIBRARY_PATH', 'NODE_OPTIONS', 'PYTHONSTARTUP',
  'XONSHRC', 'fish_function_path', 'PSModulePath',
]);

/** Shells' own variables: assigning one breaks the shell (read-only, special, or its prompt and state). */
const SHELL_OWN = new Set([
  // POSIX shells and bash
  'PWD', 'OLDPWD', 'SHLVL', 'PS1', 'PS2', 'PS4', '_', 'UID', 'EUID', 'PPID', 'OPTIND', 'OPTARG',
  'BASHPID', 'BASH_VERSINFO', 'BASH_ARGV', 'BASH_ARGC', 'BASH_SOURCE', 'BASH_LINENO',
  'FUNCNAME', 'GROUPS', 'LINENO', 'RANDOM', 'SECONDS', 'HISTCMD', 'PIPESTATUS', 'EPOCHSECONDS', 'EPOCHREALTIME', 'SRANDOM',
  // zsh (one failing assignment aborts the rest of an eval)
  'status', 'pipestatus', 'argv', 'path', 'fpath', 'cdpath', 'manpath', 'mailpath', 'module_path', 'ERRNO', 'ARGC',
  'TTYIDLE', 'ZSH_SUBSHELL', 'HISTNO', 'GID', 'EGID', 'USERNAME', 'signals', 'options', 'parameters', 'commands',
  // fish
  'fish_pid', 'hostname', 'version', 'history', 'umask', 'CMD_DURATION', 'COLUMNS', 'LINES', 'fish_kill_signal',
  // PowerShell's automatic variables are not in Env:, so nothing to add.
]);

/** Why `name` cannot be a variable handed to a shell at all. */
export function shellVariableProblem(name: string): string | undefined {
  if (!NAME.test(name)) return `${JSON.stringify(name)} is not a valid variable name (letters, digits and _, not starting with a digit)`;
  if (SHELL_OWN.has(name)) return `${name} is a shell's own variable; aigate will not set it (choose another name)`;
  return undefined;
}

/** Why a profile may not name `name` (in [env], or as api_key_env). */
export function variableNameProblem(name: string): string | undefined {
  return shellVariableProblem(name) ?? (HAZARDS.has(name) ? `${name} decides how shells and programs run; aigate will not set it from a profile` : undefined);
}

/** Why `value` is not a gateway base URL: http(s), written with //, a host, no credentials, no whitespace, query or fragment. */
export function baseUrlProblem(value: string): string | undefined {
  const example = '(expected e.g. https://api.aigate.shop/v1)';
  const long = tooLong('a base URL', value, MAX_URL_LENGTH);
  if (long) return long;
  if (/\s/.test(value) || CONTROL.test(value)) return `${JSON.stringify(value)} holds white space or a control character ${example}`;
  if (!/^https?:\/\/[^/]/i.test(value)) return `${JSON.stringify(value)} is not an http(s) URL written with // and a host ${example}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `not a URL: ${JSON.stringify(value)} ${example}`;
  }
  if (url.username || url.password) return 'the URL holds a user name or password; put the key in the keychain (aigate login), not in the URL';
  if (url.search || value.includes('?') || url.hash || value.includes('#')) return `${JSON.stringify(value)} has a query or fragment; give the base URL only ${example}`;
  return undefined;
}

/** Why `value` cannot be a model id. */
export function modelProblem(value: string): string | undefined {
  if (!value) return 'a model id cannot be empty';
  const long = tooLong('a model id', value, MAX_ID_LENGTH);
  if (long) return long;
  if (CONTROL.test(value)) return 'a model id cannot hold control characters or line breaks';
  return undefined;
}

/** Why `value` cannot be a profile name. */
export function profileNameProblem(value: string): string | undefined {
  if (!PROFILE_NAME.test(value)) return `${JSON.stringify(value)} is not a profile name (letters, digits, ".", "_" and "-")`;
  // The one name JavaScript objects give a meaning of their own; refused, so that it never reaches one.
  if (value === '__proto__') return '"__proto__" cannot be a profile name; choose another';
  return undefined;
}

/** Why `value` cannot be sent as a key: an HTTP header value holds no line break or other control character. */
export function keyProblem(value: string): string | undefined {
  const long = tooLong('a key', value, MAX_VALUE_LENGTH);
  if (long) return long;
  if (CONTROL.test(value)) return 'the key holds a line break or another control character, which no HTTP header can carry (a multi-line password entry?); store the key alone, on one line';
  return undefined;
}
