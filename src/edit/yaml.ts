import { type Document, isMap, isScalar, isSeq, type Node, parseDocument, type Scalar, stringify, visit, type YAMLMap, type YAMLSeq } from 'yaml';
import { AigateError, InvalidDocument } from '../errors.js';
import { cannotYetEdit, type Change, type DocumentFormat, isObject, lineEnd, lineStart, planRevert, type Tree } from './verify.js';

/**
 * YAML, edited by byte ranges (the yaml library's node positions), so that comments, quoting and
 * layout the edit does not touch stay byte for byte; the library is only the parser.
 *
 * A list whose items are all mappings with distinct string `name`s (Continue's `models`) is seen as
 * a mapping keyed by those names: a managed entry is then addressed as ['models', NAME], added at
 * the end of the list and taken out again without disturbing the user's entries around it.
 */

function parse(file: string, text: string): Document {
  const doc = parseDocument(text.replace(/^\ufeff/, ''), { keepSourceTokens: false });
  const [error] = doc.errors;
  if (error) {
    const [line, column] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [1, 1];
    throw new InvalidDocument(`${file}:${line}:${column}: not valid YAML: ${error.message.split('\n')[0]}; fix it first (aigate changed nothing)`);
  }
  if (doc.contents !== null && !isMap(doc.contents)) throw new AigateError(`${file}: the top level is not a mapping; aigate changed nothing`);
  return doc;
}

/** The line (1-based) of `offset`. */
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** What aigate cannot yet edit in a valid file, at the line of `offset`. */
const cannotYet = (file: string, text: string, offset: number, what: string, fix: string) => cannotYetEdit(`${file}:${lineOf(text, offset)}`, what, fix);

/** Aliases (and merge keys) make one value appear in several places: an edit by position could change them all. */
function refuseAliases(file: string, text: string, doc: Document): void {
  visit(doc, {
    Alias(_key, node) {
      throw cannotYet(file, text, node.range?.[0] ?? 0, `a file with YAML aliases (*${node.source})`, 'write the values out where they are used, or make the change by hand');
    },
  });
}

/** Two entries of a list with the same `name`: aigate cannot tell its own from the user's. */
function refuseTwins(file: string, text: string, seq: YAMLSeq, name: string): void {
  const twins = seq.items.filter((item) => isMap(item) && item.get('name') === name) as YAMLMap[];
  if (twins.length > 1) {
    throw cannotYet(file, text, twins[1]!.range![0], `a list with two entries named ${JSON.stringify(name)} (lines ${twins.map((t) => lineOf(text, t.range![0])).join(' and ')}), as it cannot tell its own`, 'rename or remove yours, then run the command again');
  }
}

/** The items of a list of uniquely named mappings, by name; undefined for any other list. */
function namedItems(seq: YAMLSeq): Map<string, YAMLMap> | undefined {
  const items = new Map<string, YAMLMap>();
  for (const item of seq.items) {
    if (!isMap(item)) return undefined;
    const name = item.get('name');
    if (typeof name !== 'string' || items.has(name)) return undefined;
    items.set(name, item);
  }
  return items;
}

/** The node at `path`, through mappings by key and named lists by name. */
function nodeAt(doc: Document, path: readonly string[]): unknown {
  let node: unknown = doc.contents;
  for (const part of path) {
    if (isMap(node)) node = node.get(part, true);
    else if (isSeq(node)) node = namedItems(node)?.get(part);
    else return undefined;
  }
  return node;
}

/** A node's data, with lists of named mappings as mappings keyed by name. */
function view(node: unknown): unknown {
  if (isMap(node)) return Object.fromEntries(node.items.map((pair) => [String(isScalar(pair.key) ? pair.key.value : pair.key), view(pair.value)]));
  if (isSeq(node)) {
    const named = node.items.length ? namedItems(node) : undefined;
    return named ? Object.fromEntries([...named].map(([name, item]) => [name, view(item)])) : node.items.map(view);
  }
  return isScalar(node) ? node.value : node === null ? null : (node as Node | undefined)?.toJSON?.();
}

function dataOf(file: string, text: string): Record<string, unknown> {
  if (!text.replace(/^\ufeff/, '').trim()) return {};
  return (view(parse(file, text).contents) as Record<string, unknown> | null) ?? {};
}

/** Whether a managed value is a set of named entries, written as a list: every value a mapping whose `name` is its key. */
const isNamedEntries = (value: Tree) => Object.entries(value).every(([key, entry]) => isObject(entry) && entry.name === key);

/** The YAML text of a managed value, as a block under `indent`, in the file's own line ending. */
function block(value: string | Tree, indent: string, eol: string): string {
  const data = typeof value === 'object' && isNamedEntries(value) ? Object.values(value) : value;
  return stringify(data, { lineWidth: 0 })
    .split('\n')
    .filter((line, i, all) => line || i < all.length - 1)
    .map((line) => `${indent}${line}${eol}`)
    .join('');
}

/** `text` ending in a line break (so that a line can be appended). */
const withNewline = (text: string, eol: string) => (text && !text.endsWith('\n') ? `${text}${eol}` : text);

function applyTree(file: string, source: string, desired: Tree): { text: string; changes: Change[] } {
  const bom = source.startsWith('\ufeff') ? '\ufeff' : '';
  let text = source.slice(bom.length);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const changes: Change[] = [];
  refuseAliases(file, text, parse(file, text));
  const walk = (path: string[], wanted: Tree) => {
    for (const [key, value] of Object.entries(wanted)) {
      const at = [...path, key];
      const doc = parse(file, text);
      const parent = nodeAt(doc, path);
      if (isSeq(parent)) {
        if (parent.flow) throw cannotYet(file, text, parent.range![0], `a list written in flow style ([ … ]) (${path.join('.')})`, 'write it as a block list (one "- " entry per line), or make the change by hand');
        refuseTwins(file, text, parent, key);
        const named = namedItems(parent);
        if (!named) throw new AigateError(`${file}: ${path.join('.')} is a list aigate cannot address by name; add the entry by hand`);
        const item = named.get(key);
        if (item) {
          if (typeof value !== 'object') throw new AigateError(`${file}: ${at.join('.')} is a mapping; aigate changed nothing`);
          walk(at, value);
          continue;
        }
        // A new entry after the last one, at the items' own indentation.
        const last = parent.items.at(-1) as YAMLMap;
        const dash = lineStart(text, (parent.items[0] as YAMLMap).range![0]);
        const indent = text.slice(dash, text.indexOf('-', dash));
        const end = last.range![2];
        const insert = block({ [key]: value } as Tree, indent, eol);
        const before = withNewline(text.slice(0, end), eol);
        // The line break added after a last line that had none: taken out again with the entry.
        const lead = before.slice(end);
        text = `${before}${insert}${text.slice(end)}`;
        changes.push({ path: at, added: true, wrote: value, style: 'entry', ...(lead && { lead }) });
        continue;
      }
      const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && String(p.key.value) === key) : undefined;
      if (!pair && path.length) {
        // A new key in a block mapping (an entry of the user's with aigate's name): after its last key, at the same column.
        if (!isMap(parent) || parent.flow || !parent.items.length || typeof value === 'object') {
          throw new AigateError(`${file}: aigate cannot add ${at.join('.')} here (a flow or empty mapping); add it by hand`);
        }
        const first = parent.items[0]!.key as Scalar;
        const column = first.range![0] - lineStart(text, first.range![0]);
        const end = parent.range![2];
        const before = withNewline(text.slice(0, end), eol);
        const lead = before.slice(end);
        text = `${before}${' '.repeat(column)}${key}: ${JSON.stringify(value)}${eol}${text.slice(end)}`;
        changes.push({ path: at, added: true, wrote: value, ...(lead && { lead }) });
        continue;
      }
      if (!pair) {
        // A new top-level key, at the end of the document.
        const before = withNewline(text, eol);
        const lead = before.slice(text.length);
        text = `${before}${key}:${typeof value === 'object' ? `${eol}${block(value, '  ', eol)}` : ` ${JSON.stringify(value)}${eol}`}`;
        changes.push({ path: at, added: true, wrote: value, ...(typeof value === 'object' && isNamedEntries(value) && { style: 'entries' as const }), ...(lead && { lead }) });
      } else if (typeof value === 'object') {
        const node = pair.value as Node | null;
        const emptyList = isSeq(node) && node.flow && !node.items.length;
        const nothing = node === null || (isScalar(node) && node.value === null && node.range![0] === node.range![1]);
        if ((emptyList || nothing) && isNamedEntries(value)) {
          // `models: []` or `models:` (Continue's own default): the key line loses its empty value
          // (its comment stays) and the entries follow it as a block list.
          const keyStart = (pair.key as Scalar).range![0];
          const start = lineStart(text, keyStart);
          const end = lineEnd(text, keyStart);
          const line = text.slice(start, end);
          const comment = emptyList ? text.slice(node.range![1], end).trim() : text.slice(start + ((pair.key as Scalar).range![1] - start) + 1, end).trim();
          const bare = `${text.slice(start, (pair.key as Scalar).range![1])}:${comment ? ` ${comment}` : ''}`;
          const entries = block(value, `${' '.repeat(keyStart - start)}  `, eol);
          const rest = text.slice(end);
          const after = rest.startsWith(eol) ? rest.slice(eol.length) : rest;
          text = `${text.slice(0, start)}${bare}${eol}${entries}${after}`;
          // `lead`: the key line had no line break (the file's last), and its entries brought one.
          changes.push({ path: at, added: false, wrote: {}, original: emptyList ? [] : null, originalText: line, style: 'line', ...(!rest.startsWith(eol) && { lead: eol }) });
          for (const [name, entry] of Object.entries(value)) changes.push({ path: [...at, name], added: true, wrote: entry, style: 'entry' });
          continue;
        }
        if ((isMap(node) || isSeq(node)) && node.flow) {
          throw cannotYet(file, text, node.range![0], `${at.join('.')} written in flow style (${isSeq(node) ? '[ … ]' : '{ … }'})`, 'write it in block style (one entry per line), or make the change by hand');
        }
        if (!isMap(node) && !isSeq(node)) throw cannotYet(file, text, (pair.key as Scalar).range![0], `${at.join('.')}, which holds a value where aigate needs a list or mapping`, 'make the change by hand');
        walk(at, value);
      } else if (!isScalar(pair.value) || pair.value.value !== value) {
        const node = pair.value as Scalar | null;
        if (!node?.range) throw new AigateError(`${file}: ${at.join('.')} has no value aigate can replace; aigate changed nothing`);
        const [start, end] = node.range;
        changes.push({ path: at, added: false, wrote: value, original: view(node), originalText: text.slice(start, end) });
        text = `${text.slice(0, start)}${JSON.stringify(value)}${text.slice(end)}`;
      }
    }
  };
  walk([], desired);
  return { text: bom + text, changes };
}

/** Whether the entry's text holds a comment (a `#` outside every scalar): the user's, as aigate writes none. */
function holdsComment(text: string, entry: YAMLMap): boolean {
  const [from, to] = [lineStart(text, entry.range![0]), entry.range![2]];
  const scalars: Array<[number, number]> = [];
  visit(entry, { Scalar: (_key, node) => void scalars.push([node.range![0], node.range![1]]) });
  for (let at = text.indexOf('#', from); at >= 0 && at < to; at = text.indexOf('#', at + 1)) {
    if (!scalars.some(([start, end]) => at >= start && at < end)) return true;
  }
  return false;
}

/** Stands for "what aigate wrote" in an entry it must keep: equal to nothing, so the entry counts as the user's. */
const KEEP = Symbol('kept');

function revertTree(file: string, source: string, recorded: Change[]) {
  const bom = source.startsWith('\ufeff') ? '\ufeff' : '';
  let text = source.slice(bom.length);
  const start = parse(file, text);
  refuseAliases(file, text, start);
  // An entry of aigate's that now holds a comment of the user's is kept whole (the comment with it).
  const changes = recorded.map((change) => {
    const parent = nodeAt(start, change.path.slice(0, -1));
    if (!isSeq(parent)) return change;
    refuseTwins(file, text, parent, change.path.at(-1)!);
    const entry = namedItems(parent)?.get(change.path.at(-1)!);
    return change.added && change.style === 'entry' && entry && holdsComment(text, entry) ? { ...change, wrote: KEEP } : change;
  });
  // Last added, first taken out: a line break added before the first addition then goes last, at the end.
  const plan = planRevert(dataOf(file, text), [...changes].reverse(), (change) => {
    const doc = parse(file, text);
    const path = change.path;
    const parent = nodeAt(doc, path.slice(0, -1));
    if (!change.added && change.style === 'line') {
      // The key line as it was (`models: []`), its entries gone by now.
      const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && String(p.key.value) === path.at(-1)) : undefined;
      if (!pair || change.originalText === undefined) return;
      const keyStart = (pair.key as Scalar).range![0];
      const [from, to] = [lineStart(text, keyStart), lineEnd(text, keyStart)];
      const drop = change.lead && text.endsWith(change.lead) && text.length - change.lead.length === to ? change.lead.length : 0;
      text = text.slice(0, from) + change.originalText + text.slice(to + drop);
      return;
    }
    if (change.added) {
      // The whole entry (from its line's start, comments above it stay) or the whole top-level key.
      const node = isSeq(parent) ? namedItems(parent)?.get(path.at(-1)!) : isMap(parent) ? parent.items.find((p) => isScalar(p.key) && String(p.key.value) === path.at(-1)) : undefined;
      if (!node) return;
      const [from, to] = isSeq(parent) ? [(node as YAMLMap).range![0], (node as YAMLMap).range![2]] : [(node as any).key.range[0], ((node as any).value?.range ?? (node as any).key.range)[2]];
      const start = lineStart(text, from);
      // At the end of the file, the line break aigate added before it goes too.
      const lead = to >= text.length && change.lead && text.slice(0, start).endsWith(change.lead) ? change.lead.length : 0;
      text = text.slice(0, start - lead) + text.slice(to);
    } else if (change.originalText !== undefined) {
      const node = nodeAt(doc, path) as Scalar | undefined;
      if (!node?.range) return;
      text = text.slice(0, node.range[0]) + change.originalText + text.slice(node.range[1]);
    }
  });
  return { text: bom + text, ...plan };
}

/** YAML (Continue's config.yaml): parsed by the yaml library, edited by byte ranges. */
export const YAML: DocumentFormat = {
  data: dataOf,
  empty: (initial = {}) => (Object.keys(initial).length ? stringify(initial) : ''),
  apply: applyTree,
  revert: revertTree,
};
