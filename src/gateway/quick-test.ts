import { type RouteName, routeBase, routeModel } from '../profile/routes.js';
import type { Profile } from '../profile/types.js';

/** One of the quick tests: the seed's "Say OK." on a route an agent uses. */
export interface Route {
  name: RouteName;
  /** Who uses it, for the output. */
  path: string;
  url(profile: Profile): string;
  model(profile: Profile): string;
  headers(profile: Profile, key: string): Record<string, string>;
  body(model: string): unknown;
  /** The reply's text in a successful answer. */
  reply(json: any): unknown;
}

const PROMPT = 'Say OK.';

export const ROUTES: readonly Route[] = [
  {
    name: 'chat',
    path: '/v1/chat/completions',
    url: (p) => `${routeBase(p, 'chat')}/chat/completions`,
    model: (p) => routeModel(p, 'chat'),
    headers: (_p, key) => ({ authorization: `Bearer ${key}` }),
    body: (model) => ({ model, messages: [{ role: 'user', content: PROMPT }], stream: false }),
    reply: (json) => json?.choices?.[0]?.message?.content,
  },
  {
    name: 'messages',
    path: '/v1/messages',
    // As Claude Code calls it: the Anthropic base, with the key the way claude.auth sends it.
    url: (p) => `${routeBase(p, 'messages', 'v1')}/messages`,
    model: (p) => routeModel(p, 'messages'),
    headers: (p, key) => ({ 'anthropic-version': '2023-06-01', ...(p.claude.auth.value === 'token' ? { authorization: `Bearer ${key}` } : { 'x-api-key': key }) }),
    body: (model) => ({ model, max_tokens: 16, messages: [{ role: 'user', content: PROMPT }] }),
    reply: (json) => (Array.isArray(json?.content) ? json.content.find((part: any) => part?.type === 'text')?.text : undefined),
  },
  {
    name: 'responses',
    path: '/v1/responses',
    url: (p) => `${routeBase(p, 'responses')}/responses`,
    model: (p) => routeModel(p, 'responses'),
    headers: (_p, key) => ({ authorization: `Bearer ${key}` }),
    body: (model) => ({ model, input: PROMPT }),
    reply: (json) =>
      json?.output_text ??
      (Array.isArray(json?.output)
        ? json.output.flatMap((item: any) => (Array.isArray(item?.content) ? item.content : [])).find((part: any) => part?.type === 'output_text')?.text
        : undefined),
  },
];
