/** The key as it may be shown anywhere the user did not ask for the key itself: `sk-…abcd`. */
export function maskKey(key: string): string {
  // Only the key's first line counts: a multi-line entry must not show its second line.
  const line = key.split(/[\r\n]/)[0]!.trim();
  return line.length >= 12 && line === key ? `${key.slice(0, 3)}…${key.slice(-4)}` : line.length >= 12 ? `${line.slice(0, 3)}…` : '…';
}

/** A run of the key this long, in any of its forms, is masked wherever it appears. */
const RUN = 8;

/**
 * The forms in which a key comes back from a server or a tool: itself (and each line of a multi-line
 * entry), URL-encoded, and base64 in both alphabets at each of the three byte alignments (so it is
 * found inside a base64 `user:key` or a JSON blob too).
 */
function keyForms(key: string): string[] {
  const forms = new Set<string>();
  for (const part of [key, ...key.split(/[\r\n]+/).map((line) => line.trim())]) {
    if (!part) continue;
    forms.add(part);
    forms.add(encodeURIComponent(part));
    forms.add(encodeURIComponent(part).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
    const bytes = Buffer.from(part, 'utf8');
    for (let shift = 0; shift < 3; shift++) {
      const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
      // Characters that also depend on the bytes before (the first) or after (the last group) are left out.
      const stable = encoded.slice(Math.ceil((shift * 8) / 6), Math.floor((shift + bytes.length) / 3) * 4);
      if (stable.length >= RUN) forms.add(stable).add(stable.replaceAll('+', '-').replaceAll('/', '_'));
    }
  }
  return [...forms];
}

/**
 * `text` with the key masked wherever any run of RUN or more characters of any of its forms appears
 * (the whole of a shorter form): for everything shown or cached that came from outside or may hold
 * the key. Pure, and linear in the text for a key of ordinary length.
 */
export function redactKey(text: string, key: string | undefined): string {
  if (!key?.trim() || !text) return text;
  const forms = keyForms(key);
  // Each form's opening runs of RUN characters, where they start in the form.
  const starts = new Map<string, Array<[form: string, at: number]>>();
  for (const form of forms) {
    const run = Math.min(RUN, form.length);
    for (let at = 0; at + run <= form.length; at++) {
      const gram = form.slice(at, at + run);
      starts.set(gram, [...(starts.get(gram) ?? []), [form, at]]);
    }
  }
  const lengths = [...new Set(forms.map((form) => Math.min(RUN, form.length)))];
  const mask = maskKey(key);
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    let end = i;
    for (const length of lengths) {
      for (const [form, at] of starts.get(text.slice(i, i + length)) ?? []) {
        let j = length;
        while (at + j < form.length && text[i + j] === form[at + j]) j++;
        end = Math.max(end, i + j);
      }
    }
    if (end > i) {
      out += text.slice(copied, i) + mask;
      i = copied = end;
    } else {
      i++;
    }
  }
  return out + text.slice(copied);
}

/** Every string in `value` (keys of objects too) redacted: for data from outside before it is kept or shown. */
export function redactTree<T>(value: T, key: string | undefined): T {
  if (!key) return value;
  const walk = (node: unknown): unknown =>
    typeof node === 'string'
      ? redactKey(node, key)
      : Array.isArray(node)
        ? node.map(walk)
        : node && typeof node === 'object'
          ? Object.fromEntries(Object.entries(node).map(([name, child]) => [redactKey(name, key), walk(child)]))
          : node;
  return walk(value) as T;
}
