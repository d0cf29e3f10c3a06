import { parse as parseTomlData } from 'smol-toml';
import { parseTOML } from 'toml-eslint-parser';
import { AigateError } from '../errors.js';
import type { Change } from './records.js';

type KeyValue = { type: 'TOMLKeyValue'; key: { keys: Array<{ type: string; name?: string; value?: string }> }; value: { range: [number, number] }; range: [number, number] };
type Table = { type: 'TOMLTable'; kind: 'standard' | 'array'; resolvedKey: Array<string | number>; body: KeyValue[]; range: [number, number] };

/** Top-level keys, and keys of one table (`[model_providers.aigate]`, `[profiles.work]`). Values are TOML literals. */
export interface TomlTarget {
  top: Record<string, string>;
  table?: { path: string[]; values: Record<string, string> };
}

const keyOf = (kv: KeyValue) => kv.key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value)).join('.');

function parse(file: string, text: string) {
  try {
    return parseTOML(text).body[0]!.body as Array<KeyValue | Table>;
  } catch (error: any) {
    const where = error?.lineNumber ? `:${error.lineNumber}:${error.column}` : '';
    throw new AigateError(`${file}${where}: not valid TOML: ${String(error?.message ?? error).split('\n')[0]}; fix it first (aigate changed nothing)`);
  }
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** The offset where the line holding `offset` ends (before its line break), comments included. */
function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  if (newline < 0) return text.length;
  return text[newline - 1] === '\r' ? newline - 1 : newline;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

interface Edit {
  at: number;
  end: number;
  text: string;
  /** Among insertions at one offset, the higher rank ends up later in the file. */
  rank?: number;
}

function applyAll(text: string, edits: Edit[]): string {
  return [...edits].sort((a, b) => b.at - a.at || (b.rank ?? 0) - (a.rank ?? 0)).reduce((t, e) => t.slice(0, e.at) + e.text + t.slice(e.end), text);
}

/** The parser does not take a byte-order mark: edit the text after it, and put it back. */
function withoutBom<T extends { text: string }>(text: string, edit: (body: string) => T): T {
  if (!text.startsWith('\ufeff')) return edit(text);
  const result = edit(text.slice(1));
  return { ...result, text: `\ufeff${result.text}` };
}

/**
 * `text` with the target's keys set, by splicing bytes: a value aigate replaces keeps the comment
 * on its line; new top-level keys go after the last top-level key (TOML wants them before the first
 * table); a new table goes at the end. Everything else stays byte for byte.
 */
export function applyToml(file: string, source: string, target: TomlTarget): { text: string; changes: Change[] } {
  return withoutBom(source, (text) => applyTomlBody(file, text, target));
}

function applyTomlBody(file: string, text: string, target: TomlTarget): { text: string; changes: Change[] } {
  const nodes = parse(file, text);
  const eol = eolOf(text);
  const tablePath = target.table?.path ?? [];
  const tableName = tablePath.join('.');
  const topKeys = nodes.filter((n): n is KeyValue => n.type === 'TOMLKeyValue');
  const tables = nodes.filter((n): n is Table => n.type === 'TOMLTable');
  // A table aigate would add conflicts with a key on its path written inline or dotted elsewhere.
  const onPath = (path: string[]) => path.length <= tablePath.length && path.every((part, i) => part === tablePath[i]);
  const conflict =
    topKeys.find((kv) => onPath(keyOf(kv).split('.'))) ??
    tables.flatMap((t) => t.body.map((kv) => ({ kv, t }))).find(({ kv, t }) => onPath([...t.resolvedKey.map(String), ...keyOf(kv).split('.')]))?.kv;
  if (target.table && conflict) {
    const line = text.slice(0, conflict.range[0]).split('\n').length;
    throw new AigateError(`${file}:${line}: ${keyOf(conflict)} is written there as an inline table or dotted keys; aigate will not rewrite your text: turn it into [${tableName}] tables, or make the change yourself`);
  }
  if (target.table && tables.some((t) => t.kind === 'array' && onPath(t.resolvedKey.map(String)))) {
    throw new AigateError(`${file}: ${tableName} is inside an array of tables; aigate will not rewrite it`);
  }

  const edits: Edit[] = [];
  const changes: Change[] = [];
  /** Sets `values` among `existing` key-values; new ones are inserted after `anchor` (an offset whose line they follow). */
  const setAmong = (path: string[], existing: KeyValue[], values: Record<string, string>, insertion: { at: number; style: 'after' | 'before' }) => {
    const inserted: string[] = [];
    for (const [key, literal] of Object.entries(values)) {
      const kv = existing.find((k) => keyOf(k) === key);
      if (!kv) {
        inserted.push(`${key} = ${literal}`);
        changes.push({ path: [...path, key], added: true, style: insertion.style });
      } else if (text.slice(...kv.value.range) !== literal) {
        edits.push({ at: kv.value.range[0], end: kv.value.range[1], text: literal });
        changes.push({ path: [...path, key], added: false, original: text.slice(...kv.value.range) });
      }
    }
    if (inserted.length) {
      const joined = insertion.style === 'after' ? inserted.map((line) => eol + line).join('') : inserted.map((line) => line + eol).join('');
      edits.push({ at: insertion.at, end: insertion.at, text: joined });
    }
  };

  const lastTop = topKeys.at(-1);
  const firstTable = tables[0];
  const topInsertion = lastTop
    ? { at: lineEnd(text, lastTop.range[1]), style: 'after' as const }
    : firstTable
      ? { at: lineStart(text, firstTable.range[0]), style: 'before' as const }
      : text.length === 0 || text.endsWith('\n')
        ? { at: text.length, style: 'before' as const }
        : { at: text.length, style: 'after' as const };
  setAmong([], topKeys, target.top, topInsertion);

  const table = target.table && tables.find((t) => t.kind === 'standard' && t.resolvedKey.join('.') === tableName);
  if (target.table && table) {
    const last = table.body.at(-1);
    setAmong(tablePath, table.body, target.table.values, { at: lineEnd(text, last ? last.range[1] : table.range[0]), style: 'after' });
  } else if (target.table) {
    const lead = (text.length && !text.endsWith('\n') ? eol : '') + (text.length ? eol : '');
    const lines = [`[${tableName}]`, ...Object.entries(target.table.values).map(([k, v]) => `${k} = ${v}`)];
    edits.push({ at: text.length, end: text.length, text: lead + lines.map((line) => line + eol).join(''), rank: 1 });
    changes.push({ path: tablePath, added: true, style: 'block', lead });
  }
  return { text: applyAll(text, edits), changes };
}

/** `text` without what the changes added, and with the user's original values back. */
export function revertToml(file: string, source: string, changes: Change[]): string {
  return withoutBom(source, (text) => ({ text: revertTomlBody(file, text, changes) })).text;
}

function revertTomlBody(file: string, text: string, changes: Change[]): string {
  const nodes = parse(file, text);
  const eol = eolOf(text);
  const edits: Edit[] = [];
  for (const change of changes) {
    const path = change.path.join('.');
    const table = nodes.find((n): n is Table => n.type === 'TOMLTable' && n.kind === 'standard' && n.resolvedKey.join('.') === path);
    if (change.added && change.style === 'block') {
      if (!table) continue;
      const end = lineEnd(text, table.range[1]);
      const afterEol = text.startsWith(eol, end) ? end + eol.length : end;
      const start = Math.max(0, lineStart(text, table.range[0]) - (change.lead ?? '').length);
      edits.push({ at: start, end: afterEol, text: '' });
      continue;
    }
    const parentPath = change.path.slice(0, -1).join('.');
    const key = change.path.at(-1)!;
    const parent = parentPath ? nodes.find((n): n is Table => n.type === 'TOMLTable' && n.resolvedKey.join('.') === parentPath)?.body : nodes.filter((n): n is KeyValue => n.type === 'TOMLKeyValue');
    const kv = parent?.find((k) => keyOf(k) === key);
    if (!kv) continue;
    if (!change.added) {
      edits.push({ at: kv.value.range[0], end: kv.value.range[1], text: String(change.original) });
    } else if (change.style === 'after') {
      edits.push({ at: lineStart(text, kv.range[0]) - eol.length, end: lineEnd(text, kv.range[1]), text: '' });
    } else {
      const end = lineEnd(text, kv.range[1]);
      edits.push({ at: lineStart(text, kv.range[0]), end: text.startsWith(eol, end) ? end + eol.length : end, text: '' });
    }
  }
  return applyAll(text, edits);
}

/** The data of a TOML text (for checking that an edit changed exactly what it meant to). */
export function tomlData(text: string): unknown {
  return parseTomlData(text);
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
