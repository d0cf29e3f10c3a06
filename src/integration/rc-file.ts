import { join } from 'node:path';
import { homeOf, shellCacheFile } from '../config/paths.js';
import { blockDamage, hasBlock, withBlock, withoutBlock } from '../edit/block.js';
import { byteText } from '../edit/encoding.js';
import { DELETE, readBytes, type Replaced, replaceFile } from '../edit/file.js';
import { integrationNamed } from '../shells/index.js';
import type { SessionPaths } from '../shells/types.js';

type Environment = Record<string, string | undefined>;


/** The files the integration is installed in (PowerShell on Windows: both editions). */
export function rcFiles(shell: string, env: Environment, platform = process.platform): string[] {
  return integrationNamed(shell).hook.rcFiles({ home: homeOf(env), env, platform });
}

/** The line(s) that load the integration, guarded so that a shell starts quietly without aigate. */
export function loaderLines(shell: string, root: string, bin: string, env: Environment): string[] {
  const { hook } = integrationNamed(shell);
  return hook.loader(join(root, 'shells', hook.script), bin, sessionPaths(shell, root, env));
}

/** Where the session script and the cache are, for a shell that has a session script. */
export function sessionPaths(shell: string, root: string, env: Environment): SessionPaths | undefined {
  const { hook, name } = integrationNamed(shell);
  return hook.session ? { script: join(root, 'shells', hook.session), cache: shellCacheFile(env, name) } : undefined;
}

/**
 * Adds (or with `lines` undefined, removes) the block in a startup file, through the one safe way
 * to change a file: as bytes, in the file's own encoding, under its lock, with a backup of the file just before the change.
 */
export function editBlock(file: string, lines: string[] | undefined): Replaced {
  return replaceFile(
    file,
    (bytes) => {
      const codec = byteText(file, bytes);
      if (lines) return codec.encode(withBlock(file, bytes === undefined ? undefined : codec.text, lines.map(codec.inner)));
      if (bytes === undefined) return DELETE;
      const rest = withoutBlock(file, codec.text);
      return rest === undefined ? DELETE : codec.encode(rest);
    },
    { backup: true },
  );
}

/** An rc file's text in its own encoding; undefined when it is absent or cannot be read as text. */
function rcText(file: string): string | undefined {
  const bytes = readBytes(file);
  if (bytes === undefined) return undefined;
  try {
    return byteText(file, bytes).text;
  } catch {
    return undefined;
  }
}

/** Why the block in `file` is damaged, or undefined (also when there is none, or the file cannot be read). */
export function damagedBlock(file: string): string | undefined {
  const text = rcText(file);
  return text === undefined ? undefined : blockDamage(file, text);
}

/** Whether the integration's block is in `file`. */
export function installedIn(file: string): boolean {
  const text = rcText(file);
  return text !== undefined && hasBlock(file, text);
}
