import { EnvHttpProxyAgent, fetch } from 'undici';
import { AigateError } from '../errors.js';

export interface GatewayResponse {
  url: string;
  status: number;
  contentType: string;
  text: string;
  /** The parsed body, when it is JSON. */
  json?: any;
  ms: number;
}

export type FailureKind = 'dns' | 'refused' | 'tls' | 'timeout' | 'closed' | 'network' | 'redirect' | 'too-large';

/** More than any model catalog or reply aigate asks for, with a wide margin: a larger body is refused, not read. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** A request that got no HTTP answer: which host, and what kind of failure. */
export class NetworkFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly url: string,
    readonly detail: string,
  ) {
    super(`${kind}: ${detail}`);
    this.name = 'NetworkFailure';
  }
}

// HTTP_PROXY, HTTPS_PROXY and NO_PROXY, as curl reads them (Node's own fetch ignores them).
let dispatcher: EnvHttpProxyAgent | undefined;

function kindOf(error: any): FailureKind {
  if (error?.name === 'TimeoutError' || error?.name === 'AbortError') return 'timeout';
  const code: string = error?.cause?.code ?? error?.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return 'closed';
  if (/^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/.test(code)) return 'tls';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'timeout';
  return 'network';
}

/** `--timeout SECONDS` as milliseconds: a positive number, or a usage error naming the option. */
export function timeoutMs(value: unknown, fallbackSeconds: number): number {
  if (value === undefined) return fallbackSeconds * 1000;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    throw new AigateError(`--timeout takes a number of seconds from 0 to 3600, not ${JSON.stringify(String(value))}`, 2);
  }
  return seconds * 1000;
}

/** One request to the gateway; an HTTP error status is a response, no answer at all a NetworkFailure. */
export async function request(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown; timeoutMs: number },
): Promise<GatewayResponse> {
  dispatcher ??= new EnvHttpProxyAgent();
  const started = performance.now();
  try {
    const signal = AbortSignal.timeout(init.timeoutMs); // covers the whole body, not just the headers
    const response = await fetch(url, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { accept: 'application/json', ...(init.body !== undefined && { 'content-type': 'application/json' }), ...init.headers },
      ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
      signal,
      // A redirect would carry the key to wherever it points: reported, never followed.
      redirect: 'manual',
      dispatcher,
    });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      throw new NetworkFailure('redirect', url, response.headers.get('location') ?? '(no Location)');
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body ?? []) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        await response.body?.cancel().catch(() => {});
        throw new NetworkFailure('too-large', url, `more than ${MAX_BODY_BYTES / 1024 / 1024} MB`);
      }
      chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON: the caller says so
    }
    return { url, status: response.status, contentType: response.headers.get('content-type') ?? '', text, ...(json !== undefined && { json }), ms: performance.now() - started };
  } catch (error: any) {
    if (error instanceof NetworkFailure) throw error;
    const detail = error?.cause?.message ?? error?.message ?? String(error);
    throw new NetworkFailure(kindOf(error), url, detail);
  }
}
