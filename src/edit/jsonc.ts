import { applyEdits, findNodeAtLocation, format, getNodeValue, modify, type Node, type ParseError, parseTree, printParseErrorCode, stripComments } from 'jsonc-parser';
import { AigateError, InvalidDocument } from '../errors.js';
import { cannotYetEdit, type Change, type DocumentFormat, planRevert, type Tree } from './verify.js';

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

/** The document's tree, or an error naming file, line and column (JSONC: comments and trailing commas allowed). */
function parseJsonc(file: string, text: string): Node | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(text.replace(/^\ufeff/, ''), errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) {
    const [error] = errors;
    throw new InvalidDocument(`${file}:${lineColumn(text, error!.offset)}: not valid JSON(C): ${printParseErrorCode(error!.error)}; fix it first (aigate changed nothing)`);
  }
  if (root && root.type !== 'object') throw new AigateError(`${file}: the top level is not an object; aigate changed nothing`);
  return root;
}

function indentOf(text: string): { insertSpaces: boolean; tabSize: number; eol: string } {
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  return { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/** Sets one path (undefined: removes it), then formats only the text it inserted: the user's neighbouring lines keep their bytes. */
function set(text: string, path: string[], value: unknown): string {
  // No formattingOptions here: with them, modify reformats the neighbouring lines too.
  const edits = modify(text, path, value, {});
  let next = applyEdits(text, edits);
  if (value !== undefined && edits[0]) {
    const inserted = { offset: edits[0].offset, length: edits[0].content.length };
    next = applyEdits(next, format(next, inserted, indentOf(text)));
  }
  return next;
}

/** The text without a byte-order mark, and a function putting it back. */
function bom(text: string): [string, (t: string) => string] {
  return text.startsWith('\ufeff') ? [text.slice(1), (t) => `\ufeff${t}`] : [text, (t) => t];
}

/** Whether the text holds no value at all: empty, blank, or only comments (as a new settings file may be). */
const holdsNothing = (text: string) => !stripComments(text.replace(/^\ufeff/, '')).trim();

/**
 * A key that an object of the document has twice. JSON allows it (the last one counts), but an edit
 * could not tell which one it changes: aigate refuses such a file, saying where.
 */
function refuseDuplicateKeys(file: string, text: string, node: Node | undefined): void {
  if (!node?.children) return;
  if (node.type === 'object') {
    const seen = new Map<string, Node>();
    for (const property of node.children) {
      const key = property.children?.[0];
      if (!key) continue;
      const first = seen.get(String(key.value));
      if (first) {
        throw cannotYetEdit(`${file}:${lineColumn(text, key.offset)}`, `an object that has the key ${JSON.stringify(key.value)} twice (also at ${lineColumn(text, first.offset)}; JSON keeps the last one)`, 'remove one of them');
      }
      seen.set(String(key.value), key);
    }
  }
  for (const child of node.children) refuseDuplicateKeys(file, text, child);
}

/**
 * `text` with every value of `desired` set. A key the file lacks is added with its whole subtree;
 * an object the file has is entered key by key (the user's other keys and comments stay); a
 * different value is replaced, its original kept in the changes.
 */
function applyTree(file: string, source: string, desired: Tree): { text: string; changes: Change[] } {
  const [text, restore] = bom(source);
  if (holdsNothing(text)) {
    // A file without a value (empty, or only comments) gets the object after what it holds.
    const { eol } = indentOf(text);
    const object = JSON.stringify(desired, null, 2).replaceAll('\n', eol);
    return { text: restore(`${text}${text && !text.endsWith('\n') ? eol : ''}${object}${eol}`), changes: Object.entries(desired).map(([key, value]) => ({ path: [key], added: true, wrote: value })) };
  }
  refuseDuplicateKeys(file, text, parseJsonc(file, text));
  const changes: Change[] = [];
  let current = text;
  const walk = (path: string[], wanted: Tree) => {
    for (const [key, value] of Object.entries(wanted)) {
      const at = [...path, key];
      const node = findNodeAtLocation(parseJsonc(file, current)!, at);
      if (!node) {
        current = set(current, at, value);
        changes.push({ path: at, added: true, wrote: value });
      } else if (typeof value === 'object' && node.type === 'object') {
        walk(at, value);
      } else if (JSON.stringify(getNodeValue(node)) !== JSON.stringify(value)) {
        // The original's own text, to put back byte for byte.
        changes.push({ path: at, added: false, wrote: value, original: getNodeValue(node), originalText: current.slice(node.offset, node.offset + node.length) });
        current = set(current, at, value);
      }
    }
  };
  walk([], desired);
  return { text: restore(current), changes };
}

function revertTree(file: string, source: string, changes: Change[]) {
  const [text, restore] = bom(source);
  let current = text;
  const plan = planRevert(dataOf(file, text), changes, (change) => {
    const node = !change.added && change.originalText !== undefined ? findNodeAtLocation(parseJsonc(file, current)!, change.path) : undefined;
    if (node && !change.added) current = current.slice(0, node.offset) + change.originalText + current.slice(node.offset + node.length);
    else current = set(current, change.path, change.added ? undefined : change.original);
  });
  return { text: restore(current), ...plan };
}

function dataOf(file: string, text: string): Record<string, unknown> {
  if (holdsNothing(text)) return {};
  const root = parseJsonc(file, text);
  return root ? getNodeValue(root) : {};
}

/** JSON with comments, as the agents' settings files are: edited through jsonc-parser, one key at a time. */
export const JSONC: DocumentFormat = {
  data: dataOf,
  empty: (initial = {}) => `${JSON.stringify(initial, null, 2)}\n`,
  apply: applyTree,
  revert: revertTree,
};
