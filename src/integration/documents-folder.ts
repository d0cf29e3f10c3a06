import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, win32 } from 'node:path';
import { systemProgram, windowsVariable } from '../windows-env.js';

type Environment = Record<string, string | undefined>;

const SHELL_FOLDERS = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders';

/**
 * The value `Personal` of a .reg export (UTF-16 text): `"Personal"=hex(2):25,00,…` for the usual
 * REG_EXPAND_SZ (UTF-16LE bytes, lines continued with `\`), or `"Personal"="…"` for a REG_SZ.
 */
export function personalFromExport(text: string): string | undefined {
  const expand = /^"Personal"=hex\(2\):((?:[0-9a-f]{2},?|\\\r?\n\s*)*)/im.exec(text);
  if (expand) {
    const bytes = Buffer.from(expand[1]!.replace(/[^0-9a-f]/gi, ''), 'hex');
    return bytes.toString('utf16le').replace(/\0+$/, '');
  }
  const plain = /^"Personal"="((?:[^"\\]|\\.)*)"/m.exec(text);
  return plain?.[1]!.replace(/\\(.)/g, '$1');
}

/**
 * The Documents folder as Windows knows it, where both PowerShells put $PROFILE: the registry's
 * `Personal` shell folder (moved, say, to `%USERPROFILE%\OneDrive\Documents` by OneDrive's Known
 * Folder Move, or to a network share by Folder Redirection), else `HOME\Documents`. Read with
 * `reg export` (UTF-16 text) rather than `reg query`, whose output is in the console code page and
 * would mangle a folder name outside ASCII. Only install, uninstall and doctor ask, never a prompt.
 */
export function documentsFolder(home: string, env: Environment): string {
  const fallback = join(home, 'Documents');
  // Only real Windows has a registry; elsewhere the Windows paths are computed for tests.
  if (process.platform !== 'win32') return fallback;
  // Asked once per process (doctor needs it for both editions' profiles and the policy).
  const known = asked.get(home);
  if (known !== undefined) return known;
  const found = exported(env, fallback);
  asked.set(home, found);
  return found;
}

const asked = new Map<string, string>();

/** The registry's `Personal` shell folder, expanded, or `fallback`. */
function exported(env: Environment, fallback: string): string {
  const reg = systemProgram(env, 'reg.exe');
  const dir = mkdtempSync(join(process.getBuiltinModule('node:os').tmpdir(), 'aigate-reg-'));
  try {
    const file = join(dir, 'folders.reg');
    // node:child_process only here: the shells' module loads this file at every shell start.
    process.getBuiltinModule('node:child_process').execFileSync(reg, ['export', SHELL_FOLDERS, file, '/y'], { stdio: 'ignore', windowsHide: true, timeout: 10_000 });
    const personal = personalFromExport(readFileSync(file).toString('utf16le').replace(/^\ufeff/, ''));
    // REG_EXPAND_SZ: %USERPROFILE% and the like, from this environment.
    const expanded = personal?.replace(/%([^%]+)%/g, (whole, name: string) => windowsVariable(env, name) ?? whole);
    return expanded && !expanded.includes('%') && win32.isAbsolute(expanded) ? expanded : fallback;
  } catch {
    return fallback;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
