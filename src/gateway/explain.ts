import { closest } from 'fastest-levenshtein';
import { redactKey } from '../profile/mask.js';
import type { GatewayResponse, NetworkFailure } from './http.js';

export interface Context {
  /** The key, masked, and where it came from: for 401/403. */
  key: string;
  /** The key itself, to take out of anything the gateway said before it is quoted. */
  secret?: string;
  /** The model that was asked for, if any. */
  model?: string;
  /** The gateway's model ids, when known: for "did you mean". */
  catalog?: readonly string[];
}

/** Up to three ids of the catalog nearest to `model`. */
export function nearest(model: string, catalog: readonly string[]): string[] {
  const rest = [...catalog];
  const found: string[] = [];
  while (found.length < 3 && rest.length) {
    const next = closest(model, rest);
    found.push(next);
    rest.splice(rest.indexOf(next), 1);
  }
  return found;
}

function errorText(response: GatewayResponse): string {
  const error = response.json?.error;
  const message = typeof error === 'string' ? error : (error?.message ?? response.json?.message);
  return typeof message === 'string' ? message : '';
}

/** What went wrong, for a person: undefined when the answer is a success. */
export function explainResponse(response: GatewayResponse, context: Context): string | undefined {
  const { status } = response;
  // A gateway may echo the key back: it never reaches the output.
  const redact = (text: string) => redactKey(text, context.secret);
  const said = redact(errorText(response));
  const quoted = said ? ` (the gateway said: ${said.split('\n')[0]!.slice(0, 200)})` : '';
  if (status === 401 || status === 403) {
    return `${status}: the gateway rejected the key ${context.key}${quoted}; check the key, or that it may use this model`;
  }
  if (status === 404) {
    const path = new URL(response.url).pathname;
    const aboutModel = context.model && (/model/i.test(said) || said.includes(context.model));
    if (aboutModel) {
      const suggestions = context.catalog?.length ? `; closest ids: ${nearest(context.model!, context.catalog).join(', ')}` : '';
      return `404: model not found: "${context.model}"${suggestions} (copy the id exactly from \`aigate models\`)`;
    }
    const doubled = path.includes('/v1/v1/') ? '; "/v1" is in it twice: give base_url once, with or without /v1' : '';
    return `404: no such route: ${path}${quoted}${doubled || '; check base_url'}`;
  }
  if (status >= 400) return `${status}: the request failed${quoted}`;
  if (response.json === undefined) {
    return `${status}, but the answer is not JSON (${response.contentType || 'no content type'}); it begins: ${JSON.stringify(redact(response.text).slice(0, 120))}`;
  }
  return undefined;
}

export function explainFailure(failure: NetworkFailure, timeoutSeconds: number): string {
  const { host } = new URL(failure.url);
  switch (failure.kind) {
    case 'dns':
      return `cannot resolve ${host}: check base_url for a typo, and your DNS or network`;
    case 'refused':
      return `${host} refused the connection: is the gateway running there, and is the port right?`;
    case 'tls':
      return `TLS failed with ${host} (${failure.detail}): check the URL's scheme and the server's certificate (a proxy that intercepts TLS needs NODE_EXTRA_CA_CERTS)`;
    case 'timeout':
      return `no answer from ${host} within ${timeoutSeconds} s: the gateway or a proxy is slow or unreachable (--timeout SECONDS to wait longer)`;
    case 'redirect':
      return `${host} answered with a redirect to ${failure.detail}; aigate does not follow it (it would carry your key there): if the gateway moved, set base_url to its new address`;
    case 'too-large':
      return `${host} sent an answer of ${failure.detail}; aigate stopped reading (is base_url the gateway?)`;
    case 'closed':
      return `${host} closed the connection before answering: a proxy or the gateway dropped it`;
    default:
      return `could not reach ${host}: ${failure.detail}`;
  }
}
