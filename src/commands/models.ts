import { resolveFromEnvironment } from '../config/load.js';
import { catalog } from '../gateway/catalog.js';
import { timeoutMs } from '../gateway/http.js';
import { escapeControls, terminalJson } from '../output.js';

export interface ModelsOptions {
  json?: boolean;
  refresh?: boolean;
  profile?: string;
  timeout?: number;
}

/** `aigate models [filter]`: the ids exactly as the gateway spells them, sorted; or its entries as JSON. */
export async function modelsCommand(filter: string | undefined, options: ModelsOptions): Promise<void> {
  const waitMs = timeoutMs(options.timeout, 15);
  const { profile } = await resolveFromEnvironment(process.env, { profile: options.profile }, { key: true });
  const { models, stale } = await catalog(profile, process.env, { refresh: options.refresh, timeoutMs: waitMs });
  if (stale) process.stderr.write(`aigate: ${escapeControls(stale)}\n`);
  const wanted = models
    .filter((model) => !filter || model.id.toLowerCase().includes(filter.toLowerCase()))
    .sort((a, b) => a.id.localeCompare(b.id));
  // Ids come from the gateway: a line break or an escape sequence in one is shown, not obeyed.
  process.stdout.write(options.json ? `${terminalJson(wanted)}\n` : wanted.map((model) => `${escapeControls(model.id)}\n`).join(''));
}
