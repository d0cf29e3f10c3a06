/** The key as it may be shown anywhere the user did not ask for the key itself: `sk-…abcd`. */
export function maskKey(key: string): string {
  // Only the key's first line counts: a multi-line entry must not show its second line.
  const line = key.split(/[\r\n]/)[0]!.trim();
  return line.length >= 12 && line === key ? `${key.slice(0, 3)}…${key.slice(-4)}` : line.length >= 12 ? `${line.slice(0, 3)}…` : '…';
}

/** `text` with every occurrence of the key masked: for anything a gateway said, before it is shown. */
export function redactKey(text: string, key: string | undefined): string {
  if (!key) return text;
  // Each line of a multi-line key too: a gateway may echo any part of the header it got.
  const parts = [key, ...key.split(/[\r\n]+/).filter((part) => part.trim().length >= 8)];
  return parts.reduce((out, part) => out.replaceAll(part, maskKey(part)), text);
}
