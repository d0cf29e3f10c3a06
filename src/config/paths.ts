import { dirname, join, posix, win32 } from 'node:path';
import { AigateError } from '../errors.js';

type Environment = Record<string, string | undefined>;

/**
 * $HOME (%USERPROFILE% on Windows), else the OS's answer. node:os is loaded only then: importing it
 * costs every shell start a fraction of a millisecond for a fallback that hardly ever runs.
 */
export function homeOf(env: Environment): string {
  const home = env.HOME || env.USERPROFILE || fromSystem();
  // A relative home would put every file aigate writes under the current folder.
  // Either form: a Windows home is tested on Linux too, with the platform given.
  if (!posix.isAbsolute(home) && !win32.isAbsolute(home)) throw new AigateError(`cannot tell your home folder (HOME is ${JSON.stringify(home)}): set HOME to an absolute path`);
  return home;
}

/** The account's home folder: os.homedir() reads an empty $HOME as the answer, the user database does not. */
function fromSystem(): string {
  const os = process.getBuiltinModule('node:os');
  try {
    return os.homedir() || os.userInfo().homedir;
  } catch {
    return '';
  }
}

/** `$AIGATE_CONFIG`, else `$XDG_CONFIG_HOME/aigate/config.toml`, else `~/.config/…` (`%APPDATA%\aigate\…` on Windows). */
export function configFile(env: Environment, platform = process.platform): string {
  if (env.AIGATE_CONFIG) return env.AIGATE_CONFIG;
  if (platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'aigate', 'config.toml');
  const base = env.XDG_CONFIG_HOME || join(homeOf(env), '.config');
  return join(base, 'aigate', 'config.toml');
}

/** The `.env` file beside the config file. */
export function dotenvFile(config: string): string {
  return join(dirname(config), '.env');
}

/** Where aigate keeps what it learns (the trusted project files): `$XDG_DATA_HOME/aigate`, else `~/.local/share/aigate`. */
export function dataDir(env: Environment, platform = process.platform): string {
  if (platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'aigate');
  return join(env.XDG_DATA_HOME || join(homeOf(env), '.local', 'share'), 'aigate');
}

/**
 * Where the shell integration's cache lives: `$XDG_RUNTIME_DIR/aigate` (a per-user tmpfs, emptied at
 * logout) when there is one, else `$XDG_CACHE_HOME/aigate` or `~/.cache/aigate`. The shell scripts
 * compute the same path.
 */
export function cacheDir(env: Environment): string {
  return join(env.XDG_RUNTIME_DIR || env.XDG_CACHE_HOME || join(homeOf(env), '.cache'), 'aigate');
}

/** The shell integration's cached last refresh for `shell`, which the next shell starts from. */
export function shellCacheFile(env: Environment, shell: string): string {
  return join(cacheDir(env), `env.${shell}`);
}

/** The file name a project's settings live in; the nearest one from the working directory up applies. */
export const PROJECT_FILE = '.aigate.toml';
