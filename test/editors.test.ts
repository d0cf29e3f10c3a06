import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withBlock, withoutBlock } from '../src/edit/block.js';
import { byteText } from '../src/edit/encoding.js';
import { JSONC } from '../src/edit/jsonc.js';
import { TOML } from '../src/edit/toml.js';
import { YAML } from '../src/edit/yaml.js';
import { type DocumentFormat, holds, merged, type Tree, valueAt } from '../src/edit/verify.js';
import { seedFromEnv } from './support/fuzz.js';

/**
 * The editors, tested directly on generated realistic documents: comments on changed lines, CRLF,
 * a BOM, no final newline, multi-line strings holding "[x]", arrays of tables, the user's own
 * aigate entries. fast-check prints the seed and the shrunk case of any failure; AIGATE_FUZZ_SEED
 * replays it.
 */
const seed = seedFromEnv();
const runs = { seed, numRuns: 300 };

const CODEX_TARGET: Tree = { model_provider: 'aigate', model: 'openai/gpt-5.5', model_providers: { aigate: { name: 'AIGate', base_url: 'https://gw.example/v1', env_key: 'AIGATE_API_KEY', wire_api: 'responses' } } };
const OPENCODE_TARGET: Tree = {
  provider: { aigate: { npm: '@ai-sdk/openai-compatible', name: 'AIGate', options: { baseURL: 'https://gw.example/v1', apiKey: '{env:AIGATE_API_KEY}' }, models: { 'openai/gpt-5.5': { name: 'openai/gpt-5.5' } } } },
  model: 'aigate/openai/gpt-5.5',
};

const tomlString = fc.oneof(
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s).replaceAll('\x7f', '\\u007F')),
  fc.constantFrom("'literal [x]'", '"""\nmulti\n[not.a.table]\n"""', "'''\n[x]\n'''", '"with \\"quotes\\""'),
);
const tomlValue = fc.oneof(tomlString, fc.integer().map(String), fc.constantFrom('true', '[1, 2]', '{ a = 1 }', '1979-05-27T07:32:00Z'));
const bareKey = fc.constantFrom('a', 'b', 'name', 'approval_policy', 'sandbox_mode', 'x-y', 'k_1');
const comment = fc.constantFrom('# a comment', '#', '# [model_providers.aigate] in a comment', '   # indented');

/** A realistic TOML document: top-level keys, then tables, comments and blank lines anywhere. */
const tomlDocument = fc
  .record({
    top: fc.array(fc.oneof(fc.tuple(bareKey, tomlValue).map(([k, v]) => `${k} = ${v}`), comment, fc.constant('')), { maxLength: 6 }),
    modelLine: fc.option(fc.constantFrom('model = "old-model" # mine', 'model_provider = "openai"'), { nil: undefined }),
    tables: fc.array(
      fc.record({
        header: fc.constantFrom('[tui]', '[profiles.fast]', '[[mcp_servers]]', '[model_providers.other]', '[model_providers.aigate]', '[sandbox_workspace_write]'),
        body: fc.array(fc.oneof(fc.tuple(bareKey, tomlValue).map(([k, v]) => `${k} = ${v}`), comment), { maxLength: 4 }),
      }),
      { maxLength: 4 },
    ),
    eol: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
    finalNewline: fc.boolean(),
  })
  .map(({ top, modelLine, tables, eol, bom, finalNewline }) => {
    const seen = new Set<string>();
    const unique = (lines: string[]) => lines.filter((line) => {
      const key = /^([\w-]+) =/.exec(line)?.[1];
      if (!key) return true;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const topLines = unique([...(modelLine ? [modelLine] : []), ...top]);
    const headers = new Set<string>();
    const tableLines = tables.flatMap(({ header, body }) => {
      if (!header.startsWith('[[') && headers.has(header)) return [];
      headers.add(header);
      seen.clear();
      return [header, ...unique(body)];
    });
    const text = [...topLines, ...tableLines].join(eol);
    return (bom ? '\ufeff' : '') + text + (finalNewline && text ? eol : '');
  })
  .filter((text) => {
    try {
      TOML.data('gen.toml', text);
      return true;
    } catch {
      return false;
    }
  });

const jsonValue = fc.oneof(fc.string({ maxLength: 10 }).map((s) => JSON.stringify(s)), fc.integer().map(String), fc.constantFrom('true', 'null', '[1, "a"]', '{ "nested": { "deep": 1 } }'));
/** A realistic JSONC settings file: comments, trailing commas, tabs or spaces, the user's own providers. */
const jsoncDocument = fc
  .record({
    entries: fc.uniqueArray(fc.tuple(fc.constantFrom('theme', 'autoupdate', 'share', 'model', 'instructions', 'mcp', 'small_model'), jsonValue), { selector: ([k]) => k, maxLength: 5 }),
    provider: fc.option(
      fc.constantFrom(
        '{ "other": { "npm": "x" } }',
        '{ "aigate": { "models": { "my/extra-model": { "name": "Extra" } }, "options": { "timeout": 60000 } } }',
      ),
      { nil: undefined },
    ),
    comments: fc.boolean(),
    trailingComma: fc.boolean(),
    indent: fc.constantFrom('  ', '    ', '\t'),
    eol: fc.constantFrom('\n', '\r\n'),
    finalNewline: fc.boolean(),
  })
  .map(({ entries, provider, comments, trailingComma, indent, eol, finalNewline }) => {
    const members = [...entries.map(([k, v]) => `"${k}": ${v}`), ...(provider ? [`"provider": ${provider}`] : [])];
    const lines = members.map((member, i) => `${indent}${comments && i % 2 ? `// about ${i}${eol}${indent}` : ''}${member}${i < members.length - 1 || trailingComma ? ',' : ''}`);
    return `{${eol}${comments ? `${indent}/* settings */${eol}` : ''}${lines.join(eol)}${eol}}${finalNewline ? eol : ''}`;
  });

const CONTINUE_ENTRY = { name: 'AIGate openai/gpt-5.5', provider: 'openai', model: 'openai/gpt-5.5', apiBase: 'https://gw.example/v1', apiKey: '${{ secrets.AIGATE_API_KEY }}' };
const CONTINUE_TARGET: Tree = { models: { [CONTINUE_ENTRY.name]: CONTINUE_ENTRY } };

/** A realistic Continue config.yaml: its header, comments anywhere, a models list (indented or not), other lists. */
const yamlDocument = fc
  .record({
    header: fc.subarray(['name: Mine', 'version: 1.0.0', 'schema: v1', '# my assistant', 'rules:\n  - be brief'], { minLength: 0 }),
    models: fc.option(
      fc.uniqueArray(
        fc.record({
          name: fc.constantFrom('GPT', 'Local llama', 'AIGate openai/gpt-5.5', 'Claude "quoted"'),
          provider: fc.constantFrom('openai', 'ollama', 'anthropic # trailing comment'),
          extra: fc.constantFrom('', 'roles: [chat, edit]', 'apiKey: ${{ secrets.OTHER }}', 'model: x'),
          comment: fc.boolean(),
        }),
        { selector: (m) => m.name, maxLength: 3 },
      ),
      { nil: undefined },
    ),
    indent: fc.constantFrom('', '  ', '    '),
    context: fc.boolean(),
    eol: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
    finalNewline: fc.boolean(),
  })
  .map(({ header, models, indent, context, eol, bom, finalNewline }) => {
    const lines = header.flatMap((line) => line.split('\n'));
    if (models) {
      lines.push('models:');
      for (const m of models) {
        if (m.comment) lines.push(`${indent}# about ${m.name.replaceAll('"', '')}`);
        lines.push(`${indent}- name: ${m.name.includes('"') ? JSON.stringify(m.name) : m.name}`, `${indent}  provider: ${m.provider}`);
        if (m.extra) lines.push(`${indent}  ${m.extra}`);
      }
      if (!models.length) lines[lines.length - 1] = 'models: []';
    }
    if (context) lines.push('context:', `${indent}- provider: code`);
    const text = lines.join(eol);
    return (bom ? '\ufeff' : '') + text + (finalNewline && text ? eol : '');
  })
  .filter((text) => {
    try {
      YAML.data('gen.yaml', text);
      return !/models: \[\]/.test(text);
    } catch {
      return false;
    }
  });

function roundTrip(format: DocumentFormat, original: string, target: Tree) {
  const applied = format.apply('gen', original, target);
  const data = format.data('gen', applied.text);
  expect(holds(data, merged(format.data('gen', original), target))).toBe(true);
  // Applying again changes nothing.
  expect(format.apply('gen', applied.text, target).text).toBe(applied.text);
  const reverted = format.revert('gen', applied.text, applied.changes);
  expect(reverted.text).toBe(original);
  expect(reverted.kept).toEqual([]);
  return applied;
}

describe(`the document editors (seed ${seed}; AIGATE_FUZZ_SEED=${seed} replays)`, () => {
  it('TOML: set gives the old data plus exactly the managed keys; set then remove gives the original bytes', () => {
    fc.assert(fc.property(tomlDocument, (original) => void roundTrip(TOML, original, CODEX_TARGET)), runs);
  });

  it('JSONC: the same', () => {
    fc.assert(fc.property(jsoncDocument, (original) => void roundTrip(JSONC, original, OPENCODE_TARGET)), runs);
  });

  it('YAML: the same, the managed model an entry of the list among the user\'s', () => {
    fc.assert(fc.property(yamlDocument, (original) => void roundTrip(YAML, original, CONTINUE_TARGET)), runs);
  });

  it('TOML: the user edits after setup (a table appended, a line above deleted, a managed value changed); remove keeps every edit', () => {
    const edits = fc.record({ append: fc.boolean(), deleteFirst: fc.boolean(), changeModel: fc.boolean() });
    fc.assert(
      fc.property(tomlDocument, edits, (original, edit) => {
        const applied = TOML.apply('gen', original, CODEX_TARGET);
        let text = applied.text;
        const eol = text.includes('\r\n') ? '\r\n' : '\n';
        if (edit.deleteFirst) {
          const lines = text.split(eol);
          const removable = lines.findIndex((line) => /^#/.test(line.replace(/^\ufeff/, '')));
          if (removable >= 0) lines.splice(removable, 1, ...(removable === 0 && text.startsWith('\ufeff') ? ['\ufeff'] : []));
          text = lines.join(eol).replace(/^\ufeff(\r?\n)/, '\ufeff');
        }
        if (edit.changeModel) text = text.replace(/^model = "openai\/gpt-5\.5"/m, 'model = "mine"');
        if (edit.append) text += `${text.endsWith('\n') ? '' : eol}[user_added]${eol}x = 1${eol}`;
        TOML.data('gen', text);
        const reverted = TOML.revert('gen', text, applied.changes);
        const data = TOML.data('gen', reverted.text);
        expect(holds(data, reverted.expected)).toBe(true);
        expect(valueAt(data, ['model_providers', 'aigate', 'env_key'])).toBeUndefined();
        if (edit.append) expect(data.user_added).toEqual({ x: 1 });
        if (edit.changeModel && /^model = "mine"/m.test(text)) expect(data.model).toBe('mine');
        else expect(data.model).toEqual(TOML.data('gen', original).model);
      }),
      runs,
    );
  });

  it('JSONC: a value the user changed after setup stays; aigate’s own go', () => {
    fc.assert(
      fc.property(jsoncDocument, (original) => {
        const applied = JSONC.apply('gen', original, OPENCODE_TARGET);
        const edited = JSONC.apply('gen', applied.text, { model: 'mine/model', provider: { mine: { npm: 'y' } } }).text;
        const reverted = JSONC.revert('gen', edited, applied.changes);
        const data = JSONC.data('gen', reverted.text) as any;
        expect(holds(data, reverted.expected)).toBe(true);
        expect(data.model).toBe('mine/model');
        expect(data.provider.mine).toEqual({ npm: 'y' });
        expect(data.provider.aigate?.npm).toBeUndefined();
      }),
      runs,
    );
  });

  it('rc files: any bytes around the block survive install and uninstall, in UTF-16 too', () => {
    const lines = ['if [ -r /opt/aigate/shells/aigate.bash ]; then . /opt/aigate/shells/aigate.bash; fi', '# ünïcödé path'];
    const roundTrip = (bytes: Buffer | undefined) => {
      const codec = byteText('rc', bytes);
      const added = withBlock('rc', bytes && codec.text, lines.map(codec.inner));
      const again = withBlock('rc', added, lines.map(codec.inner));
      expect(again).toBe(added);
      const removed = withoutBlock('rc', added);
      return removed === undefined ? undefined : codec.encode(removed);
    };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }).filter((b) => !b.includes(0) && !(b[0] === 0xff && b[1] === 0xfe) && !(b[0] === 0xfe && b[1] === 0xff) && !Buffer.from(b).toString('latin1').includes('# ')), (raw) => {
        const bytes = Buffer.from(raw);
        const back = roundTrip(bytes);
        expect(back ?? Buffer.alloc(0)).toEqual(bytes);
      }),
      runs,
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 80, unit: 'binary' }).filter((s) => !s.includes('# ')), fc.boolean(), (text, bigEndian) => {
        const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
        const bytes = bigEndian ? Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]) : le;
        expect(roundTrip(bytes)).toEqual(bytes);
      }),
      runs,
    );
    expect(roundTrip(undefined)).toBeUndefined();
  });

  it('rc files: the newline aigate added goes only when nothing follows the block', () => {
    const added = withBlock('rc', 'export A=1', ['x']);
    expect(withoutBlock('rc', added)).toBe('export A=1');
    expect(withoutBlock('rc', `${added}export NVM_DIR=1\n`)).toBe('export A=1\nexport NVM_DIR=1\n');
  });

  it.each([
    ['a lone begin marker', '# rc\n# >>> aigate >>>\nexport A=1\n'],
    ['a lone end marker', '# rc\n# <<< aigate <<<\n'],
    ['two blocks', `${withBlock('rc', '', ['x'])}${withBlock('rc', '', ['y'])}`],
    ['a block without its comment', '# >>> aigate >>>\nx\n# <<< aigate <<<\n'],
  ])('rc files: %s is refused with its line, for install and uninstall alike', (_name, text) => {
    expect(() => withoutBlock('rc', text)).toThrow(/^rc:\d+: the aigate block is damaged/);
    expect(() => withBlock('rc', text, ['x'])).toThrow(/^rc:\d+: the aigate block is damaged/);
  });
});
