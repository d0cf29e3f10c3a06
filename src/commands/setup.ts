import { resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { record, forget, recordOf } from '../agents/records.js';
import { AGENTS, routeFor } from '../agents/index.js';
import { aigateCommandLine, keyCommandLine, type Scope, type SetupContext, type SetupSpec } from '../agents/setup.js';
import { JSONC } from '../edit/jsonc.js';
import { TOML } from '../edit/toml.js';
import { YAML } from '../edit/yaml.js';
import { resolveFromEnvironment } from '../config/load.js';
import { DELETE, editDocument, previewDocument } from '../edit/document.js';
import { replaceFile } from '../edit/file.js';
import { type Change, type DocumentFormat, isObject, merged, sameData, setAt, type Tree, valueAt } from '../edit/verify.js';
import { AigateError } from '../errors.js';
import { didYouMean } from '../suggest.js';
import { escapeControls } from '../output.js';
import { pickerModels } from '../gateway/catalog.js';
import type { PackagePaths } from '../integration/package.js';

export interface SetupOptions {
  profile?: string;
  dryRun?: boolean;
  remove?: boolean;
  global?: boolean;
  project?: boolean;
  json?: boolean;
  print?: boolean;
  statusline?: boolean;
  replaceStatusline?: boolean;
  /** Take back values the user changed since aigate wrote them (setup keeps them otherwise). */
  replace?: boolean;
}

const FORMATS: Record<SetupSpec['format'], DocumentFormat> = { toml: TOML, jsonc: JSONC, yaml: YAML };

/** The agents `aigate setup` knows. */
const SETUP_AGENTS = AGENTS.filter((a) => a.setup || a.printSettings).map((a) => a.name);

/**
 * `aigate setup AGENT`: writes the agent's own configuration file, changing only the keys aigate
 * owns, through the one safe way to change a file (links followed, locked, backup, atomic, mode
 * kept). The file must parse or it is refused untouched; the new text must hold exactly the old
 * document plus the managed keys. `--remove` works on the file as it is then: it takes out aigate's
 * keys where they still hold what aigate wrote and puts back the user's originals.
 * Returns whether the file changed (with --dry-run: would change), for the guide's one question per agent.
 */
export async function setupCommand(agent: string, options: SetupOptions, paths: PackagePaths): Promise<boolean> {
  const known = AGENTS.find((a) => a.name === agent && (a.setup || a.printSettings));
  if (!known) throw new AigateError(`no setup for "${agent}"${didYouMean(agent, SETUP_AGENTS)}; choose ${SETUP_AGENTS.join(', ')}`, 2);
  // The key only to ask the gateway for the model list of an agent whose picker reads one.
  const listing = Boolean(known.listsModels && !options.remove && !options.print);
  const { profile } = await resolveFromEnvironment(process.env, { profile: options.profile }, { key: listing });
  if (options.print || !known.setup) {
    if (!known.printSettings) throw new AigateError(`${known.title} has no settings to print; aigate setup ${agent} writes its file`, 2);
    process.stdout.write(known.printSettings(profile, Boolean(options.json)));
    return false;
  }
  const spec = known.setup;
  const scope: Scope = options.global ? 'global' : options.project ? 'project' : spec.scopes[0]!;
  if (!spec.scopes.includes(scope)) throw new AigateError(`${agent} has no --${scope} configuration; it has: ${spec.scopes.map((s) => `--${s}`).join(', ')}`, 2);
  const file = resolve(spec.file(scope, process.env));
  const warnings: string[] = [];
  const sayWarnings = () => warnings.forEach((warning) => process.stderr.write(`aigate: warning: ${escapeControls(warning)}\n`));
  const context: SetupContext = {
    scope,
    profile,
    route: routeFor(known, profile),
    keyCommand: keyCommandLine(paths.bin, profile.name.value),
    statuslineCommand: aigateCommandLine(paths.bin, 'statusline', profile.name.value),
    ...(options.replaceStatusline ? { statusline: 'replace' as const } : options.statusline ? { statusline: 'add' as const } : {}),
    current: {},
    // Said after the change is made: a refusal stays one line.
    models: listing ? await pickerModels(profile, process.env, (message) => warnings.push(message)) : [],
  };
  const format = FORMATS[spec.format];
  const newFile = () => format.empty(spec.newFile);

  // The record is read first: one that cannot be read stops setup before the agent's file is touched.
  const recorded = recordOf(process.env, file);
  if (options.remove && !recorded) {
    process.stdout.write(`aigate: nothing to remove: aigate has not set up ${file}\n`);
    return false;
  }
  let changes: Change[] = [];
  let kept: string[][] = [];
  /** Recorded paths no longer in the file as aigate wrote them: renamed or removed since. */
  let gone: string[][] = [];
  /** The file's text when it held no data, to put back on --remove. */
  let blank: string | undefined;
  /** The plan: what the file becomes, from its text as it is. Pure: a dry run shows it, a run writes it. */
  const plan = (before: string, exists: boolean): { text: string; expected: unknown } | typeof DELETE => {
    if (options.remove) {
      if (!exists) return DELETE;
      const data = format.data(file, before);
      gone = recorded!.changes.filter((change) => valueAt(data, change.path) === undefined).map((change) => change.path);
      const reverted = format.revert(file, before, recorded!.changes);
      kept = reverted.kept;
      const left = format.data(file, reverted.text);
      // A file aigate created, and that holds nothing else now, goes away; one that held nothing gets its text back.
      if (recorded!.created && sameData(left, format.data(file, newFile()))) return DELETE;
      if (recorded!.blank !== undefined && sameData(left, {})) return { text: recorded!.blank, expected: {} };
      return reverted;
    }
    const start = exists ? before : newFile();
    const current = format.data(file, start);
    if (exists && !recorded && sameData(current, {})) blank = before;
    context.current = current as Tree;
    const target = spec.target(context);
    // A value the user changed since aigate wrote it is theirs: kept, unless --replace.
    kept = options.replace || !recorded ? [] : changedByUser(current, recorded.changes, target);
    for (const path of kept) setAt(target, path, undefined);
    const applied = format.apply(file, start, target);
    changes = applied.changes;
    return { text: applied.text, expected: merged(current, target) };
  };

  // The companion (Codex's model catalog) is written first: the agent's file names it.
  const companion = spec.companion && !options.remove ? spec.companion.content(context) : undefined;
  if (companion !== undefined) context.companion = resolve(spec.companion!.file(process.env));

  if (options.dryRun) {
    if (context.companion) process.stdout.write(`aigate: would write ${context.companion} (${context.models.length} models for the picker)\n`);
    const { before, exists, after } = previewDocument(file, format, plan);
    const text = after === DELETE ? '' : after;
    const changed = text !== before || (after === DELETE) === exists;
    process.stdout.write(
      changed ? createTwoFilesPatch(file, file, before, text, exists ? '' : '(new file)', after === DELETE ? '(removed)' : '') : `aigate: ${file} is already up to date\n`,
    );
    sayWarnings();
    return changed;
  }
  if (context.companion) replaceFile(context.companion, () => Buffer.from(companion!));
  const result = editDocument(file, format, plan, { backup: !options.remove, ...(scope === 'project' && { within: process.cwd() }) });
  if (options.remove && spec.companion) replaceFile(resolve(spec.companion.file(process.env)), () => DELETE);

  const again = options.remove ? '' : ` (aigate setup ${agent} --replace takes it back)`;
  for (const path of kept) process.stdout.write(`aigate: kept ${path.join('.')}: you changed it since aigate wrote it${again}\n`);
  if (options.remove) {
    forget(process.env, file);
    for (const path of gone) process.stdout.write(`aigate: ${path.join('.')} is no longer in the file as aigate wrote it (renamed or removed): left as it is\n`);
    const undone = recorded!.changes.length - kept.length - gone.length;
    const what = undone > 0 ? `removed aigate's settings from ${file}` : `nothing of aigate's was left to remove in ${file}`;
    process.stdout.write(`aigate: ${what}${result.after === undefined ? ' (the file it had created is gone)' : ''}\n`);
    return true;
  }
  if (!result.changed) {
    process.stdout.write(`aigate: ${file} is already up to date\n`);
    sayWarnings();
    return false;
  }
  record(process.env, file, result.before === undefined, changes, blank);
  process.stdout.write(`aigate: ${result.before === undefined ? 'created' : 'updated'} ${file}${result.backup ? ` (backup: ${result.backup})` : ''}\n`);
  for (const note of spec.notes(context)) process.stdout.write(`aigate: ${note}\n`);
  sayWarnings();
  return true;
}

/**
 * The leaves of `target` that aigate wrote before (per `changes`) and the user has changed since:
 * still there, but with another value than aigate's. Compared leaf by leaf, so that a changed key
 * keeps the rest of aigate's table up to date.
 */
function changedByUser(current: unknown, changes: readonly Change[], target: Tree): string[][] {
  const leaves = (path: string[], value: unknown): Array<[string[], unknown]> =>
    isObject(value) ? Object.entries(value).flatMap(([key, child]) => leaves([...path, key], child)) : [[path, value]];
  return changes
    .flatMap((change) => (change.wrote === undefined ? [] : leaves(change.path, change.wrote)))
    .filter(([path, wrote]) => {
      const now = valueAt(current, path);
      return now !== undefined && !sameData(now, wrote) && valueAt(target, path) !== undefined && !sameData(now, valueAt(target, path));
    })
    .map(([path]) => path);
}
