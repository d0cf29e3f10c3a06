import { AigateError } from '../errors.js';

/** Managed keys as a tree: strings at the leaves, tables (objects) above them. */
export type Tree = { [key: string]: string | Tree };

/**
 * What aigate changed at one path of a document, so that removing it later can put back exactly
 * what was there: a key it added (with how its text was inserted), or a value it replaced (with the
 * user's original). `wrote` is the data aigate wrote there: a value that differs from it now is the
 * user's, and stays.
 */
export type Change =
  | { path: string[]; added: true; wrote?: unknown; style?: 'after' | 'before' | 'block' | 'entries' | 'entry'; lead?: string }
  | { path: string[]; added: false; wrote?: unknown; original: unknown; originalText?: string; style?: 'line'; lead?: string };

/** One document format aigate edits keeping every byte it does not own (TOML, JSONC). */
export interface DocumentFormat {
  /** The data of `text`; refused, naming file, line and column, when it does not parse. */
  data(file: string, text: string): Record<string, unknown>;
  /** The text of a file aigate creates, holding `initial`. */
  empty(initial?: Record<string, unknown>): string;
  /** `text` with every leaf of `desired` set; the changes say what was there before. */
  apply(file: string, text: string, desired: Tree): { text: string; changes: Change[] };
  /** `text` with each change undone where the value is still the one aigate wrote. */
  revert(file: string, text: string, changes: Change[]): Reverted;
}

export interface Reverted {
  text: string;
  /** The data the result must hold: the document as it is, minus what aigate took out, plus what it put back. */
  expected: unknown;
  /** Paths whose value the user changed since aigate wrote them: left as they are. */
  kept: string[][];
}

/** The offset where the line holding `offset` begins. */
export const lineStart = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;

/** The offset where the line holding `offset` ends (before its line break), comments included. */
export function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  if (newline < 0) return text.length;
  return text[newline - 1] === '\r' ? newline - 1 : newline;
}

/**
 * A layout of a valid file that aigate cannot yet edit, at `where` (the file, with its line when
 * known): said as aigate's limit, never as the user's fault.
 */
export function cannotYetEdit(where: string, what: string, fix: string): AigateError {
  return new AigateError(`${where}: aigate cannot yet edit ${what}; your file is valid and was not changed: ${fix}`);
}

/** A value as canonical JSON (keys sorted): parsers differ in prototypes, and TOML dates become strings. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));
}

export const sameData = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/**
 * Whether `actual` holds `expected`, where an empty table that `actual` lacks counts as absent: in
 * TOML, removing `[a.b]` also removes the `a` it implied.
 */
export function holds(actual: unknown, expected: unknown): boolean {
  const prune = (want: unknown, have: unknown): unknown => {
    if (!isObject(want)) return want;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(want)) {
      const inHave = isObject(have) ? have[key] : undefined;
      const pruned = prune(value, inHave);
      if (inHave === undefined && isObject(pruned) && !Object.keys(pruned).length) continue;
      out[key] = pruned;
    }
    return out;
  };
  return sameData(actual, prune(expected, actual));
}

/** A table: not an array, and not a date (TOML's dates are Date objects). */
export const isObject = (value: unknown): value is Record<string, any> => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** What the document must hold after setting `target`: the old data with exactly the managed keys. */
export function merged(old: any, target: Tree): unknown {
  const result = { ...(old ?? {}) };
  for (const [key, value] of Object.entries(target)) {
    result[key] = typeof value === 'object' && isObject(result[key]) ? merged(result[key], value) : value;
  }
  return result;
}

/** The value at `path` of `data`, or undefined. */
export function valueAt(data: unknown, path: readonly string[]): unknown {
  let node: any = data;
  for (const part of path) node = isObject(node) ? node[part] : undefined;
  return node;
}

/** `data` with the value at `path` replaced (undefined: removed); containers are created as needed. */
export function setAt(data: Record<string, any>, path: readonly string[], value: unknown): void {
  // Own properties only, defined rather than assigned: a key named "__proto__" is data, never the prototype.
  const define = (node: Record<string, any>, key: string, child: unknown) => Object.defineProperty(node, key, { value: child, enumerable: true, writable: true, configurable: true });
  let node = data;
  for (const part of path.slice(0, -1)) {
    if (!(Object.hasOwn(node, part) && isObject(node[part]))) define(node, part, {});
    node = node[part];
  }
  if (value === undefined) delete node[path.at(-1)!];
  else define(node, path.at(-1)!, value);
}

/**
 * Plans the undoing of `changes` on `data` (the document as it is now), deepest first: each path
 * whose value is still what aigate wrote is removed or given back its original; a value the user
 * changed is kept. An added table the user has put keys of their own into is entered key by key.
 * `undo` performs one step on the text; the plan's data is what the text must hold afterwards.
 */
export function planRevert(
  data: Record<string, unknown>,
  changes: readonly Change[],
  undo: (change: Change) => void,
  /** The data of a change's original (TOML keeps it as the literal text, to put back byte for byte). */
  originalData: (change: Change & { added: false }) => unknown = (change) => change.original,
): { expected: unknown; kept: string[][] } {
  const expected = structuredClone(data);
  const kept: string[][] = [];
  const visit = (change: Change) => {
    const current = valueAt(expected, change.path);
    if (current === undefined) return;
    if (change.wrote === undefined || sameData(current, change.wrote)) {
      undo(change);
      setAt(expected, change.path, change.added ? undefined : originalData(change));
      return;
    }
    // A list entry (YAML) is one thing: taken out whole, or kept whole once the user changed it.
    if (change.added && change.style !== 'entry' && isObject(current) && isObject(change.wrote)) {
      // Take out aigate's own keys, one by one; the table stays with the user's.
      // The entries of a list aigate created (YAML) are each one thing; a table's keys are keys.
      for (const [key, wrote] of Object.entries(change.wrote)) visit({ path: [...change.path, key], added: true, wrote, style: change.style === 'entries' ? 'entry' : 'before' });
      return;
    }
    kept.push(change.path);
  };
  for (const change of [...changes].sort((a, b) => b.path.length - a.path.length)) visit(change);
  return { expected, kept };
}
