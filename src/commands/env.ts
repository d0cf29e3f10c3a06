import { dirname } from 'node:path';
import { resolveFromEnvironment } from '../config/load.js';
import { AigateError } from '../errors.js';
import { firstTime, refresh } from '../integration/refresh.js';
import type { EnvOptions } from './env-options.js';
import { escapeControls, writeAll, writeSecret } from '../output.js';
import { configFile } from '../config/paths.js';
import { missingKey } from '../profile/resolve.js';
import { transition } from '../profile/state.js';
import type { Profile } from '../profile/types.js';
import type { VariablePlan } from '../profile/variables.js';
import { detectShell } from '../shells/detect.js';
import { checkChanges, INTEGRATION_SHELLS, listed, shellNamed } from '../shells/index.js';
import { appendToFile } from '../integration/append.js';

/**
 * `--explain`'s table: given by the full CLI (commands/explain.ts), so that the bundle run at every
 * shell start does not carry it.
 */
export type Explain = (profile: Profile, plan: VariablePlan, config: string, absent: boolean) => string;

/**
 * Prints the profile as code for a shell to evaluate. Runs in every new shell: the whole output is
 * built and checked first, so on any error nothing reaches stdout and the shell still starts.
 */
export async function envCommand(options: EnvOptions, explain?: Explain): Promise<void> {
  if (options.hook) return hookCommand(options);
  const shell = explain ? undefined : shellNamed(options.shell ?? detectShell());
  const { profile, plan, input, warnings, untrusted } = await resolveFromEnvironment(process.env, { profile: options.profile, model: options.model }, { key: true });
  let output: string;
  if (shell) {
    const changes = shell.evaluated
      ? transition(process.env, plan)
      : { set: plan.set.map(({ name, value }) => [name, value] as [string, string]), unset: plan.unset.map((r) => r.name) };
    changes.secrets = plan.set.filter((entry) => entry.secret).map((entry) => entry.value);
    checkChanges(changes, shell);
    output = await shell.render(changes, process.env);
    if (shell.appendTo) appendToFile(shell, changes, process.env);
  } else {
    output = explain!(profile, plan, input.config?.file ?? configFile(process.env), input.config === undefined);
  }
  const notices = [...warnings, ...(untrusted ? [untrustedNotice(untrusted)] : []), ...(profile.key ? [] : [`warning: ${missingKey(profile)}`])];
  if (notices.length) writeAll(2, notices.map((notice) => `aigate: ${escapeControls(notice)}\n`).join(''));
  // Only the export block holds the key on purpose; --explain is shown to people, and masked.
  (shell ? writeSecret : writeAll)(1, output);
}

/**
 * `aigate env --hook`: what the shell integration evaluates when something changed. Its notices
 * are shown once per login session, not at every change of directory.
 */
async function hookCommand(options: EnvOptions): Promise<void> {
  const shell = shellNamed(options.shell ?? detectShell());
  if (!shell.hook) throw new AigateError(`--hook is for the shells with an integration: ${listed(INTEGRATION_SHELLS)} (not ${shell.name})`);
  const { script, resolved, error } = await refresh(shell, process.env, options.profile);
  const notices = resolved
    ? [...resolved.warnings, ...(resolved.untrusted ? [untrustedNotice(resolved.untrusted)] : []), ...(resolved.profile.key ? [] : [`warning: ${missingKey(resolved.profile)}`])]
    : [];
  const fresh = notices.filter((notice) => firstTime(process.env, notice));
  if (fresh.length) writeAll(2, fresh.map((notice) => `aigate: ${escapeControls(notice)}\n`).join(''));
  writeSecret(1, script);
  if (error) throw error;
}

function untrustedNotice({ file, keys }: { file: string; keys: string[] }): string {
  return `${file} is not trusted, so its ${keys.join(', ')} ${keys.length > 1 ? 'are' : 'is'} ignored; read it, then run \`aigate trust\` in ${dirname(file)} to allow ${keys.length > 1 ? 'them' : 'it'}`;
}

