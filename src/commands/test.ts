import { CLIENTS, routeFor } from '../agents/index.js';
import { resolveFromEnvironment } from '../config/load.js';
import { AigateError } from '../errors.js';
import { catalog, keyForMessages, requireKey } from '../gateway/catalog.js';
import { explainFailure, explainResponse } from '../gateway/explain.js';
import { NetworkFailure, request, timeoutMs } from '../gateway/http.js';
import { ROUTES } from '../gateway/quick-test.js';
import { escapeControls } from '../output.js';
import { redactKey } from '../profile/mask.js';

export interface TestOptions {
  model?: string;
  route?: string;
  profile?: string;
  timeout?: number;
}

/**
 * `aigate test`: "Say OK." on each route the agents use, with the profile's models; per route the
 * status, the latency and the reply's first line, or what is wrong. Non-zero exit if any fails.
 */
export async function testCommand(options: TestOptions): Promise<void> {
  const waitMs = timeoutMs(options.timeout, 30);
  const timeoutSeconds = waitMs / 1000;
  const route = options.route ?? 'all';
  const routes = route === 'all' ? ROUTES : ROUTES.filter((r) => r.name === route);
  if (!routes.length) throw new AigateError(`unknown route "${route}"; choose chat, messages, responses or all`, 2);
  const { profile } = await resolveFromEnvironment(process.env, { profile: options.profile }, { key: true });
  const key = requireKey(profile);
  // Which agents use each route with this profile ([routes] included): what a failure would break.
  const users = (name: string) => CLIENTS.filter((agent) => routeFor(agent, profile) === name).map((agent) => agent.name);
  let failed = 0;
  // Columns padded to the longest path and model, so that statuses and times line up.
  const modelOf = (r: (typeof routes)[number]) => options.model ?? r.model(profile);
  const [pathWidth, modelWidth] = [Math.max(...routes.map((r) => r.path.length)), Math.max(...routes.map((r) => modelOf(r).length))];
  for (const r of routes) {
    const model = modelOf(r);
    const columns = `${r.path.padEnd(pathWidth)}  ${model.padEnd(modelWidth)}`;
    let line: string;
    try {
      const response = await request(r.url(profile), { headers: r.headers(profile, key), body: r.body(model), timeoutMs: waitMs });
      let problem = explainResponse(response, { key: keyForMessages(profile), secret: key, model });
      if (problem?.startsWith('404: model not found')) {
        // Worth a second request: the ids to copy instead.
        const known = await catalog(profile, process.env, { timeoutMs: waitMs }).catch(() => undefined);
        if (known) problem = explainResponse(response, { key: keyForMessages(profile), secret: key, model, catalog: known.models.map((m) => m.id) });
      }
      const reply = r.reply(response.json);
      if (!problem && typeof reply !== 'string') problem = `${response.status}, but no reply text in the answer; it begins: ${JSON.stringify(redactKey(response.text, key).slice(0, 120))}`;
      line = problem
        ? `fail  ${columns}  ${problem}`
        : `ok    ${columns}  ${response.status}  ${`${Math.round(response.ms)} ms`.padStart(7)}  ${JSON.stringify(String(reply).split('\n')[0])}`;
      if (users(r.name).length) line += `  (${users(r.name).join(', ')})`;
      if (problem) failed++;
    } catch (error) {
      if (!(error instanceof NetworkFailure)) throw error;
      failed++;
      line = `fail  ${columns}  ${explainFailure(error, timeoutSeconds)}`;
    }
    process.stdout.write(`${escapeControls(line)}\n`);
  }
  if (failed) process.exitCode = 1;
}
