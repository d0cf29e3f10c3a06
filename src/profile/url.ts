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
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { error: `not a URL: "${raw}" (expected e.g. https://api.aigate.shop/v1)` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { error: `"${raw}" is not an http(s) URL (expected e.g. https://api.aigate.shop/v1)` };
  }
  if (url.search || url.hash) {
    return { error: `"${raw}" has a query or fragment; give the base URL only (e.g. https://api.aigate.shop/v1)` };
  }
  const base = raw.replace(/\/+$/, '');
  const endpoint = ENDPOINTS.find((e) => base.endsWith(e));
  if (endpoint) {
    return { error: `"${raw}" is an endpoint, not the base URL; use "${base.slice(0, -endpoint.length)}"` };
  }
  return base.endsWith('/v1') ? { openai: base, root: base.slice(0, -3) } : { openai: `${base}/v1`, root: base };
}
