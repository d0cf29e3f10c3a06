import { join } from 'node:path';
import { homeOf } from '../config/paths.js';
import { hasBlock, withBlock, withoutBlock } from '../edit/block.js';
import { byteText } from '../edit/encoding.js';
import { DELETE, readBytes, type Replaced, replaceFile } from '../edit/file.js';
import { fishQuote } from '../shells/fish.js';
import { posixQuote } from '../shells/posix.js';
import { powershellString } from '../shells/powershell.js';

type Environment = Record<string, string | undefined>;


/** The files the integration is installed in, per shell (PowerShell on Windows: both editions). */
export function rcFiles(shell: string, env: Environment, platform = process.platform): string[] {
  const home = homeOf(env);
  switch (shell) {
    case 'bash':
      return [join(home, '.bashrc')];
    case 'zsh':
      return [join(env.ZDOTDIR || home, '.zshrc')];
    case 'fish':
      return [join(env.XDG_CONFIG_HOME || join(home, '.config'), 'fish', 'conf.d', 'aigate.fish')];
    case 'powershell':
      return platform === 'win32'
        ? ['PowerShell', 'WindowsPowerShell'].map((edition) => join(home, 'Documents', edition, 'Microsoft.PowerShell_profile.ps1'))
        : [join(env.XDG_CONFIG_HOME || join(home, '.config'), 'powershell', 'Microsoft.PowerShell_profile.ps1')];
    default:
      return [];
  }
}

/** The line(s) that load the integration, guarded so that a shell starts quietly without aigate. */
export function loaderLines(shell: string, root: string, bin: string): string[] {
  const script = join(root, 'shells', `aigate.${shell === 'powershell' ? 'ps1' : shell}`);
  switch (shell) {
    case 'fish':
      return [`if test -r ${fishQuote(script)}`, `    set -g _AIGATE_BIN ${fishQuote(bin)}`, `    source ${fishQuote(script)}`, 'end'];
    case 'powershell': {
      // Read and evaluated rather than dot-sourced: an AllSigned execution policy would refuse an
      // unsigned file. .NET calls, not Test-Path and Invoke-Expression: their module would load first.
      const quoted = powershellString(script);
      return [
        `if ([System.IO.File]::Exists(${quoted})) {`,
        `    $global:_AIGATE_BIN = ${powershellString(bin)}`,
        `    . ([scriptblock]::Create([System.IO.File]::ReadAllText(${quoted})))`,
        '}',
      ];
    }
    default:
      return [`if [ -r ${posixQuote(script)} ]; then _AIGATE_BIN=${posixQuote(bin)}; . ${posixQuote(script)}; fi`];
  }
}

/**
 * Adds (or with `lines` undefined, removes) the block in a startup file, through the one safe way
 * to change a file: as bytes, in the file's own encoding, under its lock, with a backup the first time.
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

/** Whether the integration's block is in `file`. */
export function installedIn(file: string): boolean {
  const bytes = readBytes(file);
  if (bytes === undefined) return false;
  try {
    return hasBlock(file, byteText(file, bytes).text);
  } catch {
    return false;
  }
}
