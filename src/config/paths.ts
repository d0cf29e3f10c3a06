import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

type Environment = Record<string, string | undefined>;

/** `$AIGATE_CONFIG`, else `$XDG_CONFIG_HOME/aigate/config.toml`, else `~/.config/…` (`%APPDATA%\aigate\…` on Windows). */
export function configFile(env: Environment, platform = process.platform): string {
  if (env.AIGATE_CONFIG) return env.AIGATE_CONFIG;
  if (platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'aigate', 'config.toml');
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'aigate', 'config.toml');
}

/** The `.env` file beside the config file. */
export function dotenvFile(config: string): string {
  return join(dirname(config), '.env');
}
