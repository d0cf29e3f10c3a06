import { resolveFromEnvironment } from '../config/load.js';
import { catalog } from '../gateway/catalog.js';

export interface ModelsOptions {
  json?: boolean;
  refresh?: boolean;
  profile?: string;
  timeout?: number;
}

/** `aigate models [filter]`: the ids exactly as the gateway spells them, sorted; or its entries as JSON. */
export async function modelsCommand(filter: string | undefined, options: ModelsOptions): Promise<void> {
  const { profile } = await resolveFromEnvironment(process.env, { profile: options.profile });
  const { models, stale } = await catalog(profile, process.env, { refresh: options.refresh, timeoutMs: (options.timeout ?? 15) * 1000 });
  if (stale) process.stderr.write(`aigate: ${stale}\n`);
  const wanted = models
    .filter((model) => !filter || model.id.toLowerCase().includes(filter.toLowerCase()))
    .sort((a, b) => a.id.localeCompare(b.id));
  process.stdout.write(options.json ? `${JSON.stringify(wanted, null, 2)}\n` : wanted.map((model) => `${model.id}\n`).join(''));
}
