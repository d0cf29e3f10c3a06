import { parseTOML } from 'toml-eslint-parser';
import { AigateError, InvalidDocument } from '../errors.js';
import { tomlData, tomlString, withShortRuns } from './toml-data.js';
import { cannotYetEdit, type Change, type DocumentFormat, lineEnd, lineStart, planRevert, type Tree } from './verify.js';

type Key = { type: string; name?: string; value?: string };
type KeyValue = { type: 'TOMLKeyValue'; key: { keys: Key[] }; value: { range: [number, number] }; range: [number, number] };
type Table = { type: 'TOMLTable'; kind: 'standard' | 'array'; resolvedKey: Array<string | number>; body: KeyValue[]; range: [number, number] };

/** A key as TOML writes it: bare when it can be. */
const tomlKey = (key: string) => (/^[A-Za-z0-9_-]+$/.test(key) ? key : tomlString(key));

const keyName = (k: Key) => (k.type === 'TOMLBare' ? k.name! : k.value!);
const keyOf = (kv: KeyValue) => kv.key.keys.map(keyName);
const same = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function parse(file: string, text: string) {
  tomlData(file, text); // the reference parser's verdict, with its position
  const short = withShortRuns(text);
  let nodes: Array<KeyValue | Table>;
  try {
    nodes = parseTOML(short.text).body[0]!.body as Array<KeyValue | Table>;
  } catch (error: any) {
    const where = error?.lineNumber ? `:${error.lineNumber}:${error.column}` : '';
    throw new InvalidDocument(`${file}${where}: not valid TOML: ${String(error?.message ?? error).split('\n')[0]}; fix it first (aigate changed nothing)`);
  }
  const fix = (range: [number, number]) => {
    range[0] = short.toOriginal(range[0]);
    range[1] = short.toOriginal(range[1]);
  };
  for (const node of nodes) {
    fix(node.range);
    for (const kv of node.type === 'TOMLTable' ? node.body : [node]) {
      if (kv !== node) fix(kv.range);
      fix(kv.value.range);
    }
  }
  return nodes;
}

const eolOf = (text: string) => (text.includes('\r\n') ? '\r\n' : '\n');

/** The line holding `range`, with the line break after it (or, on the last line, the one before it). */
function wholeLines(text: string, range: [number, number], eol: string): Edit {
  const start = lineStart(text, range[0]);
  const end = lineEnd(text, range[1]);
  if (text.startsWith(eol, end)) return { at: start, end: end + eol.length, text: '' };
  return { at: Math.max(0, start - eol.length), end, text: '' };
}

interface Edit {
  at: number;
  end: number;
  text: string;
  /** Among insertions at one offset, the higher rank ends up later in the file. */
  rank?: number;
}

/** Applies edits from the end; overlapping removals (two lines that each take a line break) merge into one. */
function applyAll(text: string, edits: Edit[]): string {
  const merged: Edit[] = [];
  for (const edit of [...edits].sort((a, b) => a.at - b.at)) {
    const last = merged.at(-1);
    if (last && !last.text && !edit.text && edit.at < last.end) last.end = Math.max(last.end, edit.end);
    else merged.push({ ...edit });
  }
  edits = merged;
  return [...edits].sort((a, b) => b.at - a.at || (b.rank ?? 0) - (a.rank ?? 0)).reduce((t, e) => t.slice(0, e.at) + e.text + t.slice(e.end), text);
}

/** The parser does not take a byte-order mark: edit the text after it, and put it back. */
function withoutBom<T extends { text: string }>(text: string, edit: (body: string) => T): T {
  if (!text.startsWith('\ufeff')) return edit(text);
  const result = edit(text.slice(1));
  return { ...result, text: `\ufeff${result.text}` };
}

/** The tables `desired` needs: its leaves grouped by the table holding them (the top level is []). */
function tablesOf(desired: Tree, path: string[] = []): Array<{ path: string[]; values: Record<string, string> }> {
  const leaves = Object.entries(desired).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  const own = path.length === 0 || leaves.length ? [{ path, values: Object.fromEntries(leaves.map(([k, v]) => [k, tomlString(v)])) }] : [];
  return [...own, ...Object.entries(desired).flatMap(([key, value]) => (typeof value === 'string' ? [] : tablesOf(value, [...path, key])))];
}

/**
 * `text` with one table's keys set (the top level for `path` []), by splicing bytes: a value aigate
 * replaces keeps the comment on its line; new top-level keys go after the last top-level key (TOML
 * wants them before the first table); a new table goes at the end. Everything else stays byte for byte.
 */
function setTable(file: string, text: string, tablePath: string[], values: Record<string, string>): { text: string; changes: Change[] } {
  const nodes = parse(file, text);
  const eol = eolOf(text);
  const tableName = tablePath.map(tomlKey).join('.');
  const topKeys = nodes.filter((n): n is KeyValue => n.type === 'TOMLKeyValue');
  const tables = nodes.filter((n): n is Table => n.type === 'TOMLTable');
  const dataOf = (literal: string) => tomlData(file, `x = ${literal}`).x;
  if (tablePath.length) {
    // A table on aigate's path that the file defines through a key (dotted keys, an inline table, or
    // a value where a table would go): TOML allows it, but a [table] header for it would not be.
    const onPath = (path: string[]) => path.length <= tablePath.length && path.every((part, i) => part === tablePath[i]);
    const definesOnPath = (within: string[], kv: KeyValue) => {
      const full = [...within, ...keyOf(kv)];
      return full.some((_, i) => i >= within.length && onPath(full.slice(0, i + 1)));
    };
    const conflict =
      topKeys.find((kv) => definesOnPath([], kv)) ??
      tables.flatMap((t) => t.body.map((kv) => ({ kv, t }))).find(({ kv, t }) => definesOnPath(t.resolvedKey.map(String), kv))?.kv;
    if (conflict) {
      const line = text.slice(0, conflict.range[0]).split('\n').length;
      throw cannotYetEdit(`${file}:${line}`, `${tableName} where it is written as dotted keys or an inline table (${keyOf(conflict).join('.')})`, `write it as a [${tableName}] table, or make the change by hand`);
    }
    if (tables.some((t) => t.kind === 'array' && onPath(t.resolvedKey.map(String)))) {
      throw new AigateError(`${file}: ${tableName} is inside an array of tables; aigate will not rewrite it`);
    }
  }

  const edits: Edit[] = [];
  const changes: Change[] = [];
  const setAmong = (existing: KeyValue[], insertion: { at: number; style: 'after' | 'before' }) => {
    const inserted: string[] = [];
    for (const [key, literal] of Object.entries(values)) {
      const kv = existing.find((k) => same(keyOf(k), [key]));
      if (!kv) {
        inserted.push(`${tomlKey(key)} = ${literal}`);
        changes.push({ path: [...tablePath, key], added: true, wrote: dataOf(literal), style: insertion.style });
      } else if (text.slice(...kv.value.range) !== literal) {
        edits.push({ at: kv.value.range[0], end: kv.value.range[1], text: literal });
        changes.push({ path: [...tablePath, key], added: false, wrote: dataOf(literal), original: text.slice(...kv.value.range) });
      }
    }
    if (inserted.length) {
      const joined = insertion.style === 'after' ? inserted.map((line) => eol + line).join('') : inserted.map((line) => line + eol).join('');
      edits.push({ at: insertion.at, end: insertion.at, text: joined });
    }
  };

  if (!tablePath.length) {
    const lastTop = topKeys.at(-1);
    const firstTable = tables[0];
    setAmong(
      topKeys,
      lastTop
        ? { at: lineEnd(text, lastTop.range[1]), style: 'after' }
        : firstTable
          ? { at: lineStart(text, firstTable.range[0]), style: 'before' }
          : { at: text.length, style: text.length === 0 || text.endsWith('\n') ? 'before' : 'after' },
    );
    return { text: applyAll(text, edits), changes };
  }
  const table = tables.find((t) => t.kind === 'standard' && same(t.resolvedKey.map(String), tablePath));
  if (table) {
    const last = table.body.at(-1);
    setAmong(table.body, { at: lineEnd(text, last ? last.range[1] : table.range[0]), style: 'after' });
    return { text: applyAll(text, edits), changes };
  }
  const lead = (text.length && !text.endsWith('\n') ? eol : '') + (text.length ? eol : '');
  const lines = [`[${tableName}]`, ...Object.entries(values).map(([k, v]) => `${tomlKey(k)} = ${v}`)];
  const wrote = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, dataOf(v)]));
  return { text: text + lead + lines.map((line) => line + eol).join(''), changes: [{ path: tablePath, added: true, wrote, style: 'block', lead }] };
}

function applyToml(file: string, source: string, desired: Tree): { text: string; changes: Change[] } {
  return withoutBom(source, (text) => {
    const changes: Change[] = [];
    for (const { path, values } of tablesOf(desired)) {
      const result = setTable(file, text, path, values);
      text = result.text;
      changes.push(...result.changes);
    }
    return { text, changes };
  });
}

function revertToml(file: string, source: string, changes: Change[]) {
  let plan: { expected: unknown; kept: string[][] } = { expected: {}, kept: [] };
  const result = withoutBom(source, (text) => {
    const nodes = parse(file, text);
    const eol = eolOf(text);
    const tables = nodes.filter((n): n is Table => n.type === 'TOMLTable' && n.kind === 'standard');
    const keysOf = (path: string[]) => (path.length ? tables.find((t) => same(t.resolvedKey.map(String), path))?.body : nodes.filter((n): n is KeyValue => n.type === 'TOMLKeyValue'));
    const edits: Edit[] = [];
    const undo = (change: Change) => {
      if (change.added && change.style === 'block') {
        const table = tables.find((t) => same(t.resolvedKey.map(String), change.path));
        if (!table) return;
        const start = lineStart(text, table.range[0]);
        let end = lineEnd(text, table.range[1]);
        if (text.startsWith(eol, end)) end += eol.length;
        // The blank line (and the separator) aigate put before the table, if they are still just that.
        const lead = change.lead ?? '';
        const leadIsOurs = /^(\r?\n)*$/.test(lead) && text.slice(start - lead.length, start) === lead;
        const separator = lead.length > eol.length ? eol : '';
        // The separator went before aigate's table only because the file lacked a final newline; when
        // something follows the table now, it ends a line of the user's and stays.
        const removedLead = !leadIsOurs ? '' : end === text.length ? lead : lead.slice(separator.length);
        edits.push({ at: start - removedLead.length, end, text: '' });
        return;
      }
      const kv = keysOf(change.path.slice(0, -1))?.find((k) => same(keyOf(k), change.path.slice(-1)));
      if (!kv) return;
      if (!change.added) edits.push({ at: kv.value.range[0], end: kv.value.range[1], text: String(change.original) });
      else if (change.style === 'after') {
        const start = lineStart(text, kv.range[0]);
        edits.push(start === 0 ? wholeLines(text, kv.range, eol) : { at: start - eol.length, end: lineEnd(text, kv.range[1]), text: '' });
      } else edits.push(wholeLines(text, kv.range, eol));
    };
    plan = planRevert(tomlData(file, text), changes, undo, (change) => tomlData(file, `x = ${String(change.original)}`).x);
    return { text: applyAll(text, edits) };
  });
  return { text: result.text, ...plan };
}

/** `text` without the tables `[prefix]` and `[prefix.*]`, each with the blank line before it. */
export function withoutTables(file: string, source: string, prefix: string[]): string {
  return withoutBom(source, (text) => {
    const eol = eolOf(text);
    const edits: Edit[] = [];
    for (const node of parse(file, text)) {
      if (node.type !== 'TOMLTable' || !prefix.every((part, i) => String(node.resolvedKey[i]) === part)) continue;
      let start = lineStart(text, node.range[0]);
      if (text.slice(Math.max(0, start - 2 * eol.length), start) === eol + eol) start -= eol.length;
      const end = lineEnd(text, node.range[1]);
      edits.push({ at: start, end: text.startsWith(eol, end) ? end + eol.length : end, text: '' });
    }
    return { text: applyAll(text, edits) };
  }).text;
}

/** TOML as aigate edits it: by byte ranges from a parser that knows positions, never by pattern. */
export const TOML: DocumentFormat = {
  data: tomlData,
  empty: () => '',
  apply: applyToml,
  revert: revertToml,
};
