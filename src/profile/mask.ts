/** The key as it may be shown anywhere the user did not ask for the key itself: `sk-…abcd`. */
export function maskKey(key: string): string {
  return key.length >= 12 ? `${key.slice(0, 3)}…${key.slice(-4)}` : '…';
}

/** `text` with every occurrence of the key masked: for anything a gateway said, before it is shown. */
export function redactKey(text: string, key: string | undefined): string {
  return key ? text.replaceAll(key, maskKey(key)) : text;
}
