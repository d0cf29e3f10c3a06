import { withShortRuns } from '../edit/toml-data.js';

/**
 * A function telling where a key is written, as `line:column`, for messages about valid TOML with a
 * wrong value: the text is parsed once for all of them. Loaded only when there is such a message:
 * the parser that knows positions is not needed otherwise.
 */
export async function keyLocator(text: string): Promise<(path: readonly string[]) => string | undefined> {
  const { parseTOML } = await import('toml-eslint-parser');
  try {
    // Lines survive the shortening (columns after a long value on the same line may not).
    const nodes = parseTOML(withShortRuns(text).text).body[0]!.body;
    return (path) => locate(nodes, path);
  } catch {
    return () => undefined; // a message without its position rather than none
  }
}

function locate(nodes: ReturnType<typeof import('toml-eslint-parser').parseTOML>['body'][0]['body'], path: readonly string[]): string | undefined {
  const keyName = (k: { type: string; name?: string; value?: string }) => (k.type === 'TOMLBare' ? k.name : k.value);
  const same = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  let found: { line: number; column: number } | undefined;
  for (const node of nodes) {
    const table = node.type === 'TOMLTable' ? node.resolvedKey.map(String) : [];
    if (node.type === 'TOMLTable' && same(table, path)) found ??= node.loc.start;
    for (const pair of node.type === 'TOMLTable' ? node.body : [node]) {
      const full = [...table, ...pair.key.keys.map(keyName)];
      // A key given inside an inline table is reported at the pair that holds the table.
      if (same(full, path) || (full.length < path.length && same(full, path.slice(0, full.length)))) found ??= pair.loc.start;
    }
  }
  return found && `${found.line}:${found.column + 1}`;
}
