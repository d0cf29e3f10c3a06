import { resolveFromEnvironment } from '../config/load.js';
import { requireKey } from '../gateway/catalog.js';
import { writeSecret } from '../output.js';

/** `aigate key`: the resolved key and nothing else (for claude's apiKeyHelper, and scripts). */
export async function keyCommand(options: { profile?: string }): Promise<void> {
  const { profile } = await resolveFromEnvironment(process.env, { profile: options.profile }, { key: true });
  writeSecret(1, `${requireKey(profile)}\n`);
}
