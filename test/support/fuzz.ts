/** A small seeded PRNG (mulberry32): a failing seed reproduces the same values. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ASCII_CONTROLS = Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).concat('\x7f');

/** Characters that break naive quoting in some shell or format. */
const HOSTILE = [
  "'", '"', '`', '$', '!', '\\', '*', '?', '[', ']', '{', '}', '~', '#', ';', '&', '|', '<', '>', '(', ')', ' ', '=', '%', '^', ',', '-', ':', '@',
  '\r', '\n', '\t', ...ASCII_CONTROLS,
  '\u2018', '\u2019', '\u201a', '\u201b', '\u201c', '\u201d', '\u201e', '\u00a0', '\u2028', '\u2029', '\u0085', '\ufeff',
  '😀', '🇫🇷', 'é', 'ß', '中', '\u0301', '$(id)', '${HOME}', '$HOME', '\\n', "\\'", "'\\''", '--', '-e', '%s',
];
const PLAIN = 'abcXYZ019_./';

/** Values with every kind of character a shell could mishandle, plus the edge cases named in the issue. */
export function hostileValues(seed: number, count: number): string[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const fixed = ['', '-', '-n', '--', '\n', 'trailing newline\n', "'", '"', '\\', '\\\\', "''", ' ', '!', '$', '`', "it's", '\r\n', '\u2028'];
  const values = [...fixed];
  while (values.length < count) {
    const length = Math.floor(random() * 24);
    let value = '';
    for (let i = 0; i < length; i++) value += random() < 0.6 ? pick(HOSTILE) : pick(PLAIN.split(''));
    if (random() < 0.1) value = `-${value}`;
    if (random() < 0.1) value += '\n';
    values.push(value);
  }
  return values;
}

export function seedFromEnv(): number {
  return process.env.AIGATE_FUZZ_SEED ? Number(process.env.AIGATE_FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
}
