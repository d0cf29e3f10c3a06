import type { Tree } from './json-file.js';

/** A value as canonical JSON (keys sorted): parsers differ in prototypes, and TOML dates become strings. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));
}

export const sameData = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** What the document must hold after setting `target`: the old data with exactly the managed keys. */
export function merged(old: any, target: Tree): unknown {
  const result = { ...(old ?? {}) };
  for (const [key, value] of Object.entries(target)) {
    result[key] = typeof value === 'object' && typeof result[key] === 'object' && result[key] !== null ? merged(result[key], value) : value;
  }
  return result;
}
