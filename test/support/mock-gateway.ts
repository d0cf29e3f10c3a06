import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the mock received it. */
export interface Received {
  method: string;
  /** Path with its query string, as sent. */
  url: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

export const MOCK_MODELS = ['anthropic/claude-haiku-4.5', 'anthropic/claude-opus-4.7', 'anthropic/claude-sonnet-4.6', 'openai/gpt-5.5', 'openai/gpt-5.5-mini'];

/** Lets a test answer a request itself (a failure, a delay); return true when it did. */
export type Override = (request: Received, response: ServerResponse) => boolean | Promise<boolean>;

export interface MockGateway {
  /** http://127.0.0.1:PORT (no /v1). */
  root: string;
  received: Received[];
  override?: Override;
  close(): Promise<void>;
}

const REPLY = 'OK';

function sse(response: ServerResponse, events: Array<[event: string | undefined, data: unknown]>) {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  for (const [event, data] of events) {
    response.write(`${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  }
  response.end();
}

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function anthropicMessages(request: Received, response: ServerResponse) {
  const model = request.body?.model ?? 'unknown';
  const message = { id: 'msg_mock', type: 'message', role: 'assistant', model, content: [] as unknown[], stop_reason: null, stop_sequence: null, usage: { input_tokens: 5, output_tokens: 1 } };
  if (!request.body?.stream) {
    json(response, 200, { ...message, content: [{ type: 'text', text: REPLY }], stop_reason: 'end_turn' });
    return;
  }
  sse(response, [
    ['message_start', { type: 'message_start', message }],
    ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
    ['ping', { type: 'ping' }],
    ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: REPLY } }],
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 1 } }],
    ['message_stop', { type: 'message_stop' }],
  ]);
}

function responses(request: Received, response: ServerResponse) {
  const model = request.body?.model ?? 'unknown';
  const part = { type: 'output_text', text: REPLY, annotations: [] };
  const item = { id: 'msg_mock', type: 'message', status: 'completed', role: 'assistant', content: [part] };
  const usage = { input_tokens: 5, input_tokens_details: { cached_tokens: 0 }, output_tokens: 1, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 6 };
  const base = { id: 'resp_mock', object: 'response', created_at: Math.floor(Date.now() / 1000), model };
  if (!request.body?.stream) {
    json(response, 200, { ...base, status: 'completed', output: [item], output_text: REPLY, usage });
    return;
  }
  const ids = { item_id: 'msg_mock', output_index: 0, content_index: 0 };
  const events: Array<[string, Record<string, unknown>]> = [
    ['response.created', { response: { ...base, status: 'in_progress', output: [] } }],
    ['response.in_progress', { response: { ...base, status: 'in_progress', output: [] } }],
    ['response.output_item.added', { output_index: 0, item: { ...item, status: 'in_progress', content: [] } }],
    ['response.content_part.added', { ...ids, part: { ...part, text: '' } }],
    ['response.output_text.delta', { ...ids, delta: REPLY }],
    ['response.output_text.done', { ...ids, text: REPLY }],
    ['response.content_part.done', { ...ids, part }],
    ['response.output_item.done', { output_index: 0, item }],
    ['response.completed', { response: { ...base, status: 'completed', output: [item], usage } }],
  ];
  sse(response, events.map(([type, data], sequence_number) => [type, { type, sequence_number, ...data }]));
}

function chatCompletions(request: Received, response: ServerResponse) {
  const model = request.body?.model ?? 'unknown';
  const base = { id: 'chatcmpl-mock', created: Math.floor(Date.now() / 1000), model };
  const usage = { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 };
  if (!request.body?.stream) {
    json(response, 200, { ...base, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: REPLY }, finish_reason: 'stop' }], usage });
    return;
  }
  const chunk = (choices: unknown[], extra = {}) => [undefined, { ...base, object: 'chat.completion.chunk', choices, ...extra }] as [undefined, unknown];
  sse(response, [
    chunk([{ index: 0, delta: { role: 'assistant', content: REPLY }, finish_reason: null }]),
    chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]),
    chunk([], { usage }),
    [undefined, '[DONE]'],
  ]);
}

/** A stand-in for AIGate on 127.0.0.1: the routes the agents use, recording every request. */
export async function startMockGateway(): Promise<MockGateway> {
  const received: Received[] = [];
  const mock: MockGateway = { root: '', received, close: async () => {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // kept as text
      }
      const url = req.url ?? '/';
      const request: Received = { method: req.method ?? 'GET', url, path: url.split('?')[0]!, headers: req.headers, body };
      received.push(request);
      if (mock.override && (await mock.override(request, res))) return;
      if (request.method === 'HEAD') {
        res.writeHead(200).end();
      } else if (request.method === 'GET' && request.path === '/v1/models') {
        json(res, 200, { object: 'list', data: MOCK_MODELS.map((id) => ({ id, object: 'model', created: 0, owned_by: id.split('/')[0] })) });
      } else if (request.method === 'POST' && request.path === '/v1/messages') {
        anthropicMessages(request, res);
      } else if (request.method === 'POST' && request.path === '/v1/responses') {
        responses(request, res);
      } else if (request.method === 'POST' && request.path === '/v1/chat/completions') {
        chatCompletions(request, res);
      } else {
        json(res, 404, { error: { message: `no route for ${request.method} ${request.path}`, type: 'not_found' } });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  mock.root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  mock.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return mock;
}
