import {
  closeSync,
  existsSync,
  constants as fsConstants,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { AigateError } from '../errors.js';
import { utf8Text } from './encoding.js';

/**
 * The one way aigate changes a file, its own or a user's: follow links to the target, lock it for
 * the whole read-modify-write, write every byte to a temporary file beside it, fsync, rename over
 * it, keep its mode, keep a byte-for-byte backup of it as it was just before. Anything that fails leaves the file
 * as it was and says so in one line.
 */

/** What a change does with the file's bytes: new bytes, DELETE to remove it, or the same bytes for no change. */
export type Transform = (before: Buffer | undefined) => Buffer | typeof DELETE;
export const DELETE = Symbol('delete the file');

export interface ReplaceOptions {
  /** Holds a secret: the file is 0600 (its folder, if aigate creates it, 0700) whatever it was. */
  secret?: boolean;
  /** The mode of a new file (default 0644, or 0600 for a secret). An existing file keeps its own. */
  mode?: number;
  /** Keep FILE.aigate-backup, beside the path as the user named it: the file as it was just before this change. */
  backup?: boolean;
  /** The file must stay inside this folder once its links are followed (a project's own file). */
  within?: string;
  /** The file is someone else's to create (the runner's $GITHUB_ENV): a missing one is an error, no folder is made. */
  mustExist?: boolean;
}

export interface Replaced {
  /** The file that was written: the link's target for a symbolic link. */
  target: string;
  before: Buffer | undefined;
  after: Buffer | undefined;
  changed: boolean;
  /** Where the backup is, when one exists. */
  backup?: string;
}

const ERRNO_ADVICE: Record<string, string> = {
  EACCES: 'permission denied: check the owner and mode of the file and its folder',
  EPERM: 'the operating system does not allow it (an immutable file, or a folder you do not own)',
  EROFS: 'it is on a read-only file system',
  ENOSPC: 'no space left on the device: free some space, then run the command again',
  EDQUOT: 'your disk quota is used up: free some space, then run the command again',
  ENOTDIR: 'a part of its path is a file where a folder should be',
  EISDIR: 'it is a folder, not a file',
  EEXIST: 'something already exists where aigate would create it',
  ELOOP: 'too many symbolic links (a link pointing back to itself?)',
  ENAMETOOLONG: 'the path is too long',
  EBUSY: process.platform === 'win32' ? 'it is open in another program: close it, then run the command again' : 'the file is busy (mounted or in use)',
};

/** A file-system failure as one line naming the file and what to do. */
export function fileError(file: string, error: unknown, consequence = 'nothing was changed'): AigateError {
  if (error instanceof AigateError) return error;
  const code = (error as NodeJS.ErrnoException)?.code ?? '';
  const advice = ERRNO_ADVICE[code] ?? ((error as Error)?.message || String(error));
  return new AigateError(`${file}: ${advice}${code && ERRNO_ADVICE[code] ? ` (${code})` : ''}; ${consequence}`);
}

/**
 * The file's bytes, or undefined when there is none; any other failure names the file. Only a
 * regular file is read: a pipe in its place would hang the shell that starts aigate.
 */
export function readBytes(file: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw fileError(file, error, 'it could not be read');
  }
  try {
    if (!fstatSync(fd).isFile()) throw new AigateError(`${file}: not a regular file (a folder, a pipe or a device); aigate reads only files there`);
    return readFileSync(fd);
  } catch (error) {
    throw fileError(file, error, 'it could not be read');
  } finally {
    closeSync(fd);
  }
}

/** The text of a file that must be UTF-8 (TOML, JSON, .env), or undefined when there is none. */
export function readText(file: string): string | undefined {
  const bytes = readBytes(file);
  return bytes && utf8Text(file, bytes);
}

/** Where writing `file` really writes: symbolic links followed, also a link to a file not there yet. */
function resolveTarget(file: string): string {
  let current = resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    let stat;
    try {
      stat = lstatSync(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(file, error);
      // Not there: its folder may still be reached through links.
      const parent = dirname(current);
      try {
        return join(realpathSync(parent), basename(current));
      } catch {
        return current;
      }
    }
    if (!stat.isSymbolicLink()) return join(realpathSync(dirname(current)), basename(current));
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw fileError(file, Object.assign(new Error('ELOOP'), { code: 'ELOOP' }));
}

/** Whether a process with this pid exists (one of another user's counts). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const LOCK_WAIT_MS = 15_000;
let sequence = 0;

/** A new name beside `name` in `dir` that marks a file as this process's temporary (swept once the process is gone). */
const temporaryName = (dir: string, name: string) => join(dir, `.${name}.aigate-${process.pid}-${Date.now()}-${++sequence}.tmp`);

/** A file of our own in `dir`, created exclusively, holding `content`; its name marks it as this process's. */
function privateTemporary(dir: string, name: string, content: Buffer, mode: number): string {
  const temporary = temporaryName(dir, name);
  const fd = openSync(temporary, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, 0o600);
  try {
    writeFully(fd, content);
    fchmodSync(fd, mode);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  } finally {
    try {
      closeSync(fd);
    } catch {
      // closed above
    }
  }
  return temporary;
}

/** Every byte or an error: a write that stops short is retried, and one that writes nothing fails. */
function writeFully(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) {
    const written = writeSync(fd, bytes, offset, bytes.length - offset);
    if (written <= 0) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
    offset += written;
  }
}

/**
 * Removes what aigate processes now gone left in `dir` (killed mid-way): this user's entries named
 * PREFIX, then the pid, then a rest matching `rest`. Folders go with what they hold.
 */
export function sweepDead(dir: string, prefix: string, rest: RegExp): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const [, pid, tail] = /^(\d+)(.*)$/s.exec(entry.slice(prefix.length)) ?? [];
    if (!pid || !rest.test(tail!) || processAlive(Number(pid))) continue;
    const path = join(dir, entry);
    try {
      if (lstatSync(path).uid === process.getuid?.()) rmSync(path, { recursive: true, force: true });
    } catch {
      // gone meanwhile
    }
  }
}

/** The temporaries of `privateTemporary` for `name`: `.NAME.aigate-PID-TIME-N.tmp` (and a lock taken aside). */
const sweepTemporaries = (dir: string, name: string) => sweepDead(dir, `.${name}.aigate-`, /^-\d+-\d+\.tmp(\.stale)?$/);

/**
 * Runs `work` holding the lock of `target`: a file beside it, made by linking a file that already
 * holds our pid (so the lock is never seen empty). A lock whose process is gone is stale and taken over.
 */
function withLock<T>(target: string, work: () => T): T {
  const lock = `${target}.aigate-lock`;
  const dir = dirname(target);
  const mine = privateTemporary(dir, basename(lock), Buffer.from(`${process.pid}\n`), 0o600);
  const deadline = Date.now() + LOCK_WAIT_MS;
  try {
    for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
      try {
        linkSync(mine, lock);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      let holder = NaN;
      try {
        holder = Number(readFileSync(lock, 'utf8').trim());
      } catch {
        continue; // released meanwhile
      }
      if (!processAlive(holder)) {
        // Take a stale lock aside under a name of our own, and drop it only if it is the stale one.
        const aside = `${mine}.stale`;
        try {
          renameSync(lock, aside);
          if (Number(readFileSync(aside, 'utf8').trim()) === holder) rmSync(aside, { force: true });
          else linkSync(aside, lock);
        } catch {
          // another process got there first
        }
        rmSync(aside, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new AigateError(`${target}: another aigate (pid ${holder}) has been changing it for ${LOCK_WAIT_MS / 1000} s; try again, or remove ${lock} if no aigate is running`);
      }
      pause(wait);
    }
  } finally {
    rmSync(mine, { force: true });
  }
  try {
    return work();
  } finally {
    rmSync(lock, { force: true });
  }
}

function makeFolder(dir: string, secret: boolean | undefined, file: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: secret ? 0o700 : 0o755 });
  } catch (error) {
    throw fileError(file, error);
  }
}

/**
 * Changes `file` as `transform` says, under its lock, from the bytes it holds at that moment.
 * Returns what it did; throws an AigateError naming the file, with the file unchanged, on failure.
 */
export function replaceFile(file: string, transform: Transform, options: ReplaceOptions = {}): Replaced {
  const target = resolveTarget(file);
  if (options.within) {
    const inside = relative(realpathOr(options.within), target);
    if (inside.startsWith('..') || isAbsolute(inside)) {
      throw new AigateError(`${file} leads to ${target}, outside ${options.within}; aigate will not write through it (nothing was changed)`);
    }
  }
  const dir = dirname(target);
  if (options.mustExist && !existsSync(target)) throw new AigateError(`${file} does not exist; aigate creates neither it nor its folder (nothing was written)`);
  // A folder aigate makes for a private file (0600: a secret, config.toml) is private too.
  makeFolder(dir, options.secret || options.mode === 0o600, file);
  const name = basename(target);
  sweepTemporaries(dir, name);
  sweepTemporaries(dir, `${name}.aigate-lock`);
  try {
    return withLock(target, () => {
      const before = readBytes(target);
      const stat = before === undefined ? undefined : statSync(target);
      if (stat && stat.nlink > 1) {
        throw new AigateError(`${file} has ${stat.nlink} hard links, which replacing it would cut; aigate changed nothing (make it a symbolic link, or make the change yourself)`);
      }
      const result = transform(before);
      const after = result === DELETE ? undefined : result;
      const fixMode = options.secret && stat !== undefined && (stat.mode & 0o777) !== 0o600;
      if (after !== undefined && before !== undefined && before.equals(after) && !fixMode) return { target, before, after, changed: false };
      if (after === undefined && before === undefined) return { target, before, after, changed: false };
      // Write protection (chmod a-w, Windows' read-only attribute) is the user's word, even where a
      // rename could pass it, and root's access check would.
      if (stat && (stat.mode & 0o222) === 0) {
        const fix = process.platform === 'win32' ? `clear its read-only attribute (attrib -r "${file}")` : 'make it writable (chmod u+w)';
        throw new AigateError(`${file} is read-only${process.platform === 'win32' ? '' : ` (mode ${(stat.mode & 0o777).toString(8)})`}; aigate changed nothing: ${fix} if aigate may change it`);
      }

      // The backup is staged before the change and withdrawn if the change does not happen.
      const backup = options.backup && before !== undefined ? stageBackup(file, before) : undefined;
      try {
        if (after === undefined) {
          unlinkSync(target);
        } else {
          const mode = options.secret ? 0o600 : stat ? stat.mode & 0o7777 : (options.mode ?? 0o644);
          const temporary = privateTemporary(dir, name, after, mode);
          try {
            if (stat && process.getuid?.() === 0) keepOwner(temporary, stat.uid, stat.gid);
            renameOver(temporary, target, file);
          } catch (error) {
            rmSync(temporary, { force: true });
            throw error;
          }
          syncFolder(dir);
        }
      } catch (error) {
        backup?.withdraw();
        throw error;
      }
      backup?.keep();
      return { target, before, after, changed: true, ...(backup && { backup: backup.path }) };
    });
  } catch (error) {
    throw fileError(file, error);
  }
}

/** Windows' answers to a rename over a file that another program holds open. */
const HELD_ELSEWHERE = new Set(['EPERM', 'EACCES', 'EBUSY']);

/**
 * Renames the finished temporary over the target. On Windows a program that has the target open
 * without sharing its deletion (as .NET opens files by default) makes the rename fail: a virus
 * scanner or an indexer lets go within moments, so it is tried again for about a second; then the
 * user is told which file to close.
 */
function renameOver(temporary: string, target: string, file: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      renameSync(temporary, target);
      return;
    } catch (error) {
      if (process.platform !== 'win32' || !HELD_ELSEWHERE.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
      if (attempt < 5) {
        pause(50 * 2 ** attempt);
        continue;
      }
      // Held open, or not ours to replace: opening it for writing tells which.
      try {
        closeSync(openSync(target, 'r+'));
      } catch (probe) {
        if ((probe as NodeJS.ErrnoException).code !== 'EBUSY') throw error;
      }
      throw new AigateError(`${file} is open in another program, which keeps it from being replaced: close it, then run the command again; nothing was changed`);
    }
  }
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** As root (sudo aigate install), the file stays its owner's. */
function keepOwner(file: string, uid: number, gid: number): void {
  const fd = openSync(file, 'r');
  try {
    fchownSync(fd, uid, gid);
  } finally {
    closeSync(fd);
  }
}

/** The rename is durable only once the folder is flushed too; not every system allows it. */
function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // best effort
  }
}

/**
 * FILE.aigate-backup: the bytes just before the change being made, replacing the backup of an
 * earlier change, which is set aside meanwhile: `withdraw` puts it back when the change does not
 * happen (so a backup always names a change that did), `keep` drops it.
 */
function stageBackup(file: string, bytes: Buffer): { path: string; withdraw(): void; keep(): void } {
  const path = `${resolve(file)}.aigate-backup`;
  const dir = dirname(path);
  sweepTemporaries(dir, basename(path));
  let aside: string | undefined;
  if (lstatSync(path, { throwIfNoEntry: false })) {
    aside = temporaryName(dir, basename(path));
    renameSync(path, aside);
  }
  try {
    renameSync(privateTemporary(dir, basename(path), bytes, 0o600), path);
  } catch (error) {
    if (aside) renameSync(aside, path);
    throw error;
  }
  return {
    path,
    withdraw() {
      rmSync(path, { force: true });
      if (aside) renameSync(aside, path);
    },
    keep() {
      if (aside) rmSync(aside, { force: true });
    },
  };
}

/** Writes a whole new private file exclusively (0600): for files only this run uses. */
export function writePrivateFile(file: string, content: string): void {
  try {
    const fd = openSync(file, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, 0o600);
    try {
      writeFully(fd, Buffer.from(content));
      fsyncSync(fd);
      if ((fstatSync(fd).mode & 0o777) !== 0o600) fchmodSync(fd, 0o600);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    rmSync(file, { force: true });
    throw fileError(file, error);
  }
}
