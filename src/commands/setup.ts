import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { parse as parseJsoncData } from 'jsonc-parser';
import { keyCommandLine, type Scope, SETUPS, type SetupSpec } from '../agents/setup.js';
import { writeFileAtomic } from '../config/atomic.js';
import { resolveFromEnvironment } from '../config/load.js';
import { AigateError } from '../errors.js';
import type { PackagePaths } from '../integration/package.js';
import type { Profile } from '../profile/types.js';
import { applyTree, parseJsonc, revertTree, type Tree } from '../setup/json-file.js';
import { type Change, forget, record, recordOf } from '../setup/records.js';
import { applyToml, revertToml, tomlData } from '../setup/toml-file.js';
import { merged, sameData } from '../setup/verify.js';
import { readIfExists } from '../config/files.js';

export interface SetupOptions {
  profile?: string;
  dryRun?: boolean;
  remove?: boolean;
  global?: boolean;
  project?: boolean;
  json?: boolean;
}

/** Kilo Code keeps its settings in its own UI: what to enter there. */
function kiloInstructions(profile: Profile, json: boolean): string {
  const fields = {
    provider: 'OpenAI Compatible',
    baseUrl: profile.baseUrl.value,
    fullEndpoint: `${profile.baseUrl.value}/chat/completions`,
    modelId: profile.model.value,
    apiKey: `the value of ${profile.apiKeyEnv.value} (\`aigate key\` prints it)`,
  };
  if (json) return `${JSON.stringify(fields, null, 2)}\n`;
  return [
    'In Kilo Code: Settings → Providers → API Provider:',
    `  API Provider   ${fields.provider}`,
    `  Base URL       ${fields.baseUrl}`,
    `                 (versions that ask for the full endpoint: ${fields.fullEndpoint})`,
    `  API Key        ${fields.apiKey}`,
    `  Model          ${fields.modelId}`,
    '',
  ].join('\n');
}

function targetAsTree(spec: SetupSpec, target: ReturnType<SetupSpec['target']>): Tree {
  if (spec.format === 'jsonc') return target as Tree;
  const { top, table } = target as { top: Record<string, string>; table: { path: string[]; values: Record<string, string> } };
  const values = (literals: Record<string, string>) => Object.fromEntries(Object.entries(literals).map(([k, v]) => [k, JSON.parse(v)]));
  return { ...values(top), [table.path[0]!]: { [table.path[1]!]: values(table.values) } };
}

function dataOf(spec: SetupSpec, file: string, text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') return {};
  if (spec.format === 'toml') return tomlData(text);
  parseJsonc(file, text);
  return parseJsoncData(text, [], { allowTrailingComma: true });
}

/**
 * `aigate setup AGENT`: writes the agent's own configuration file, changing only the keys aigate
 * owns. The file is parsed first (a file that does not parse is refused untouched), the new text
 * is checked to hold exactly the old document plus the managed keys, a backup is kept the first
 * time, the write is atomic and keeps the file's mode.
 */
export async function setupCommand(agent: string, options: SetupOptions, paths: PackagePaths): Promise<void> {
  const { profile } = await resolveFromEnvironment(process.env, { profile: options.profile });
  if (agent === 'kilo') {
    process.stdout.write(kiloInstructions(profile, Boolean(options.json)));
    return;
  }
  const spec = SETUPS.find((s) => s.agent === agent);
  if (!spec) throw new AigateError(`no setup for "${agent}"; choose codex, opencode, claude or kilo`, 2);
  const scope: Scope = options.global ? 'global' : options.project ? 'project' : spec.scopes[0]!;
  if (!spec.scopes.includes(scope)) throw new AigateError(`${agent} has no --${scope} configuration; it has: ${spec.scopes.map((s) => `--${s}`).join(', ')}`, 2);
  const file = resolve(spec.file(scope, process.env));
  const before = readIfExists(file);
  const context = { profile, keyCommand: keyCommandLine(paths.bin, options.profile) };

  let after: string | undefined;
  let changes: Change[] = [];
  if (options.remove) {
    const recorded = recordOf(process.env, file);
    if (!recorded || before === undefined) {
      process.stdout.write(`aigate: nothing to remove: aigate has not set up ${file}\n`);
      return;
    }
    after = spec.format === 'toml' ? revertToml(file, before, recorded.changes) : revertTree(file, before, recorded.changes);
    // A file aigate created, and that holds nothing else now, goes away.
    if (recorded.created && sameData(dataOf(spec, file, after), spec.format === 'jsonc' ? (spec.newFile ?? {}) : {})) after = undefined;
  } else {
    const target = spec.target(context);
    const start = before ?? (spec.format === 'jsonc' ? `${JSON.stringify(spec.newFile ?? {}, null, 2)}\n` : '');
    const result = spec.format === 'toml' ? applyToml(file, start, target as never) : applyTree(file, start, target as Tree);
    after = result.text;
    changes = result.changes;
    const expected = merged(dataOf(spec, file, start), targetAsTree(spec, target));
    if (!sameData(dataOf(spec, file, after), expected)) {
      throw new AigateError(`${file}: the edited text would not hold exactly your settings plus aigate's (a bug in aigate); nothing was written`);
    }
  }

  if (after === before) {
    process.stdout.write(`aigate: ${file} is already up to date\n`);
    return;
  }
  if (options.dryRun) {
    process.stdout.write(createTwoFilesPatch(file, file, before ?? '', after ?? '', before === undefined ? '(new file)' : '', after === undefined ? '(removed)' : ''));
    return;
  }
  if (!options.remove && before !== undefined && readIfExists(`${file}.aigate-backup`) === undefined) writeFileSync(`${file}.aigate-backup`, before, { flag: 'wx', mode: 0o600 });
  if (after === undefined) {
    rmSync(file);
  } else {
    mkdirSync(dirname(file), { recursive: true });
    writeFileAtomic(file, after, 0o600);
  }
  if (options.remove) {
    forget(process.env, file);
    process.stdout.write(`aigate: removed aigate's settings from ${file}${after === undefined ? ' (the file it had created is gone)' : ''}\n`);
    return;
  }
  record(process.env, file, before === undefined, changes);
  process.stdout.write(`aigate: ${before === undefined ? 'created' : 'updated'} ${file}${before !== undefined ? ` (backup: ${file}.aigate-backup)` : ''}\n`);
  for (const note of spec.notes(context)) process.stdout.write(`aigate: ${note}\n`);
}
