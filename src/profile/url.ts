import { baseUrlProblem } from './validate.js';

/** Paths that name an endpoint: a base URL ending in one of them is a pasted endpoint, not a base. */
const ENDPOINTS = ['/chat/completions', '/completions', '/responses', '/messages', '/models'];

export interface GatewayUrls {
  /** OpenAI-compatible base, ending in `/v1` (Codex and OpenCode append `/responses`, `/chat/completions`). */
  openai: string;
  /** The root without `/v1` (Claude Code appends `/v1/messages`). */
  root: string;
}

/**
 * Accepts the gateway's address with or without `/v1` and with or without a trailing `/`,
 * so that neither a missing nor a doubled `/v1` reaches an agent.
 * Returns an error message (with the fix) for anything that is not an http(s) base.
 */
export function gatewayUrls(raw: string): GatewayUrls | { error: string } {
  const problem = baseUrlProblem(raw);
  if (problem) return { error: problem };
  const base = raw.replace(/\/+$/, '');
  const endpoint = ENDPOINTS.find((e) => base.endsWith(e));
  if (endpoint) {
    return { error: `"${raw}" is an endpoint, not the base URL; use "${base.slice(0, -endpoint.length)}"` };
  }
  return base.endsWith('/v1') ? { openai: base, root: base.slice(0, -3) } : { openai: `${base}/v1`, root: base };
}
