// `aigate setup` in any order (issue 22): random sequences of setup (either profile, after the base
// URL changed, with --replace), the user's edits of their own and of aigate's values, an agent
// rewriting its file, and --remove, through the real CLI against the mock gateway. After every step
// the file parses with the format's own parser and holds the user's data; after --remove it holds
// exactly the user's content (byte for byte while nobody rewrote or edited it).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { parse as parseJsonc } from 'jsonc-parser';
import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { aigate, cleanEnv, tempDir } from './support/cli.js';
import { seedFromEnv } from './support/fuzz.js';
import { type MockGateway, startMockGateway } from './support/mock-gateway.js';

type Data = Record<string, any>;

/** One agent's file: how the user and the agent touch it, and where their values are. */
interface Subject {
  agent: string;
  args: string[];
  file(home: string): string;
  originals: string[];
  parse(text: string): Data;
  /** The agent saving its file: the same data, its own layout (comments and order may go). */
  rewrite(data: Data): string;
  /** A value of the user's own, and the edit that changes it. */
  user: { get(data: Data): unknown; set(text: string, value: string): string; put(data: Data, value: string): void };
  /** A value aigate manages, and the user's edit of it (undefined: aigate's value is not in the file). */
  managed: { get(data: Data): unknown; set(text: string, value: string): string | undefined; put(data: Data, value: string): void };
}

const jsonString = (text: string, key: string, value: string) => {
  const pattern = new RegExp(`("${key}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`);
  return pattern.test(text) ? text.replace(pattern, (_m, lead: string) => `${lead}${JSON.stringify(value)}`) : undefined;
};
/** The JSON files' own value: "theme". */
const THEME: Subject['user'] = { get: (data) => data.theme, set: (text, value) => jsonString(text, 'theme', value)!, put: (data, value) => void (data.theme = value) };
const jsonc = (text: string) => parseJsonc(text.replace(/^\ufeff/, ''), [], { allowTrailingComma: true }) as Data;

const SUBJECTS: Subject[] = [
  {
    agent: 'codex',
    args: [],
    file: (home) => join(home, '.codex', 'config.toml'),
    originals: ['# my codex settings\nmodel = "gpt-5"\nmodel_reasoning_effort = "low"\n\n[tui]\nnotifications = true\n', 'model_reasoning_effort = "low"\r\n'],
    parse: (text) => parseToml(text),
    rewrite: (data) => stringifyToml(data),
    user: {
      get: (data) => data.model_reasoning_effort,
      set: (text, value) => text.replace(/^model_reasoning_effort = .*$/m, `model_reasoning_effort = ${JSON.stringify(value)}`),
      put: (data, value) => void (data.model_reasoning_effort = value),
    },
    managed: {
      get: (data) => data.model,
      set: (text, value) => (/^model = /m.test(text) ? text.replace(/^model = .*$/m, `model = ${JSON.stringify(value)}`) : undefined),
      put: (data, value) => void (data.model = value),
    },
  },
  {
    agent: 'claude',
    args: [],
    file: (home) => join(home, '.claude', 'settings.json'),
    originals: ['{\n  // mine\n  "theme": "dark",\n  "env": { "MY_VAR": "1" }\n}\n', '{"theme": "dark"}'],
    parse: jsonc,
    rewrite: (data) => `${JSON.stringify(data, null, 2)}\n`,
    user: THEME,
    managed: { get: (data) => data.env?.ANTHROPIC_MODEL, set: (text, value) => jsonString(text, 'ANTHROPIC_MODEL', value), put: (data, value) => void ((data.env ??= {}).ANTHROPIC_MODEL = value) },
  },
  {
    agent: 'opencode',
    args: ['--global'],
    file: (home) => join(home, '.config', 'opencode', 'opencode.json'),
    originals: ['{\n  "$schema": "https://opencode.ai/config.json",\n  "theme": "dark"\n}\n'],
    parse: jsonc,
    rewrite: (data) => `${JSON.stringify(data, null, 2)}\n`,
    user: THEME,
    managed: { get: (data) => data.model, set: (text, value) => jsonString(text, 'model', value), put: (data, value) => void (data.model = value) },
  },
  {
    agent: 'kilo',
    args: [],
    file: (home) => join(home, '.config', 'kilo', 'kilo.jsonc'),
    originals: ['{\n  "theme": "dark" // mine\n}\n'],
    parse: jsonc,
    rewrite: (data) => `${JSON.stringify(data, null, 2)}\n`,
    user: THEME,
    managed: { get: (data) => data.model, set: (text, value) => jsonString(text, 'model', value), put: (data, value) => void (data.model = value) },
  },
  {
    agent: 'continue',
    args: [],
    file: (home) => join(home, '.continue', 'config.yaml'),
    // Continue's own default, and one with an entry of the user's.
    originals: [
      'name: Local Assistant\nversion: 1.0.0\nschema: v1\nmodels: []\ncontext: []\n',
      'name: Local Assistant\nversion: 1.0.0\nschema: v1\nmodels:\n  # mine\n  - name: My model\n    provider: ollama\n    model: llama3\n',
    ],
    parse: (text) => parseYaml(text.replace(/^\ufeff/, '')) as Data,
    rewrite: (data) => stringifyYaml(data),
    user: { get: (data) => data.name, set: (text, value) => text.replace(/^name: .*$/m, `name: ${JSON.stringify(value)}`), put: (data, value) => void (data.name = value) },
    // The provider of aigate's first entry.
    managed: {
      get: (data) => (data.models ?? []).find((m: Data) => String(m?.name).startsWith('AIGate '))?.provider,
      set: (text, value) => {
        const match = /^(\s*- name: AIGate [^\n]*\n(?:\s+\w+: [^\n]*\n)*?\s+provider: )(\S+)$/m.exec(text);
        return match ? text.replace(match[0], `${match[1]}${JSON.stringify(value)}`) : undefined;
      },
      put: () => {},
    },
  },
];

type Step = { op: 'setup' | 'setup other' | 'setup --replace' | 'base url' | 'edit user' | 'edit managed' | 'rewrite' | 'remove'; n: number };
const step: fc.Arbitrary<Step> = fc.record({
  op: fc.constantFrom<Step['op']>('setup', 'setup', 'setup other', 'setup --replace', 'base url', 'edit user', 'edit managed', 'edit managed', 'rewrite', 'remove', 'remove'),
  n: fc.nat(999),
});

const seed = seedFromEnv();
const runs = Number(process.env.AIGATE_SEQUENCE_RUNS ?? 6);

describe(`aigate setup in any order (seed ${seed}; AIGATE_FUZZ_SEED=${seed} replays)`, () => {
  let gateway: MockGateway;
  beforeAll(async () => {
    gateway = await startMockGateway();
  });
  afterAll(() => gateway?.close());

  for (const subject of SUBJECTS) {
    it(`${subject.agent}: any sequence keeps a file that parses, the user's values, and --remove gives back the user's own content`, async () => {
      const root = tempDir(`aigate-seq-${subject.agent}-`);
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.nat(subject.originals.length - 1), fc.array(step, { minLength: 2, maxLength: 8 }), async (which, steps) => {
          const home = join(root, String(++run));
          const config = join(home, '.config', 'aigate', 'config.toml');
          mkdirSync(dirname(config), { recursive: true });
          const port = new URL(gateway.root).port;
          const writeConfig = (host: string) =>
            writeFileSync(config, `[profiles.default]\nbase_url = "http://${host}:${port}/v1"\n\n[profiles.other]\nbase_url = "http://localhost:${port}/v1"\nmodel = "openai/gpt-5.5-mini"\n`);
          writeConfig('127.0.0.1');
          const env = cleanEnv(home, { AIGATE_API_KEY: 'sk-seq-0123456789abcdef', CODEX_HOME: join(home, '.codex'), XDG_DATA_HOME: join(home, '.local', 'share'), XDG_CACHE_HOME: join(home, '.cache') });
          const file = subject.file(home);
          mkdirSync(dirname(file), { recursive: true });
          const original = subject.originals[which]!;
          writeFileSync(file, original);
          // The model of what the user's file should hold.
          let userValue = subject.user.get(subject.parse(original));
          /** The managed value as the user last set it, theirs after --remove (undefined: never set). */
          let userManaged: string | undefined;
          /** Whether aigate has set the file up, and whether the user's managed edit is kept in it now. */
          let setUp = false;
          let keptInFile = false;
          /** The managed value when this round of setup began: what --remove puts back. */
          let roundStart: string | undefined;
          let pristine = true;
          const history: string[] = [];
          const context = () => `${subject.agent}, original #${which}, steps: ${history.join(' → ')}`;

          for (const { op, n } of steps) {
            history.push(op);
            const text = readFileSync(file, 'utf8');
            if (op === 'edit user') {
              const value = `user-${n}`;
              writeFileSync(file, subject.user.set(text, value));
              userValue = value;
              pristine = false;
            } else if (op === 'edit managed') {
              const edited = setUp ? subject.managed.set(text, `mine-${n}`) : undefined;
              if (edited === undefined) continue;
              writeFileSync(file, edited);
              userManaged = `mine-${n}`;
              keptInFile = true;
              pristine = false;
            } else if (op === 'rewrite') {
              writeFileSync(file, subject.rewrite(subject.parse(text)));
              pristine = false;
            } else if (op === 'base url') {
              writeConfig(n % 2 ? 'localhost' : '127.0.0.1');
            } else if (op === 'remove') {
              const removed = await aigate(['setup', subject.agent, ...subject.args, '--remove'], env);
              expect(removed.exitCode, `${context()}: ${removed.stderr}`).toBe(0);
              if (!setUp) {
                expect(removed.stdout, context()).toContain('nothing to remove');
                continue;
              }
              setUp = false;
              keptInFile = false;
              const after = existsSync(file) ? readFileSync(file, 'utf8') : '';
              const data = subject.parse(after);
              if (pristine) expect(after, context()).toBe(original);
              expect(subject.user.get(data), context()).toBe(userValue);
              if (subject.agent === 'continue') {
                // The user's entries stay; aigate's are gone, but for one the user changed (theirs now, kept whole).
                const own = (subject.parse(original).models ?? []).map((m: Data) => m.name);
                const left = (data.models ?? []).map((m: Data) => m.name as string);
                expect(left.filter((name: string) => !own.includes(name)).length, context()).toBeLessThanOrEqual(userManaged === undefined ? 0 : 1);
                for (const name of own) expect(left, context()).toContain(name);
              } else {
                // Exactly the user's: the original, with the user's edits.
                const expected = subject.parse(original);
                subject.user.put(expected, userValue as string);
                if (userManaged !== undefined) subject.managed.put(expected, userManaged);
                expect(data, context()).toEqual(expected);
              }
              const again = await aigate(['setup', subject.agent, ...subject.args, '--remove'], env);
              expect(again.stdout, context()).toContain('nothing to remove');
            } else {
              const args = ['setup', subject.agent, ...subject.args, ...(op === 'setup other' ? ['--profile', 'other'] : []), ...(op === 'setup --replace' ? ['--replace'] : [])];
              const result = await aigate(args, env);
              expect(result.exitCode, `${context()}: ${result.stderr}`).toBe(0);
              const data = subject.parse(readFileSync(file, 'utf8'));
              expect(JSON.stringify(data), context()).toContain(`:${port}`);
              if (keptInFile && op !== 'setup --replace') {
                expect(subject.managed.get(data), context()).toBe(userManaged);
                expect(result.stdout, context()).toMatch(/kept .*: you changed it since aigate wrote it \(aigate setup \w+ --replace takes it back\)/);
              }
              if (op === 'setup --replace' && keptInFile && subject.agent !== 'continue') expect(subject.managed.get(data), context()).not.toBe(userManaged);
              // --replace takes the user's managed value back: --remove then gives back what was there before this round.
              if (op === 'setup --replace' && keptInFile) userManaged = roundStart;
              if (op === 'setup --replace') keptInFile = false;
              if (!setUp) roundStart = userManaged;
              setUp = true;
            }
            // After every step: the file parses with the format's own parser and holds the user's value.
            if (existsSync(file)) expect(subject.user.get(subject.parse(readFileSync(file, 'utf8'))), context()).toBe(userValue);
          }
          rmSync(home, { recursive: true, force: true });
        }),
        { seed, numRuns: runs, endOnFailure: true },
      );
    }, 600_000);
  }
});
