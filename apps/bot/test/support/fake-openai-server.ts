/**
 * A loopback server that speaks enough of OpenAI's chat completions API for the real client (ChatOpenAI and the
 * openai package under it) to talk to it: JSON replies, SSE streams with the final usage chunk, reasoning_content
 * deltas, scripted errors, slow and hung replies. It records every request, so tests can read the prompt that
 * actually left the bot.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod';

/** What the server does with the next request; requests beyond the script get a 500 naming the surprise. */
export type FakeStep =
  | {
      reply: 'answer';
      /** The answer, in the pieces a stream sends; a JSON reply joins them. */
      tokens: string[];
      /** Sent first as reasoning_content deltas, the way DeepSeek and Qwen reasoning models do. */
      reasoning?: string[];
      usage?: { promptTokens: number; completionTokens: number };
      /** Acts as a compatible service that ignores stream_options.include_usage. */
      omitUsage?: boolean;
      /** Before the response starts. */
      delayMs?: number;
      /** Between stream chunks. */
      tokenDelayMs?: number;
    }
  | { reply: 'error'; status: number; message?: string; code?: string }
  /** Never finishes: silent before the headers, or, with tokens, stalls after streaming them. */
  | { reply: 'hang'; tokens?: string[] };

const chatRequestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(z.looseObject({ role: z.string(), content: z.string() })),
  stream: z.boolean().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).optional(),
  temperature: z.number().optional(),
  max_tokens: z.number().optional(),
});

export type FakeChatRequest = z.infer<typeof chatRequestSchema>;

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  /** Null when the body was not a chat completions request. */
  body: FakeChatRequest | null;
}

export interface FakeOpenAiServer {
  /** What goes in `baseUrl` / `configuration.baseURL`, ending in /v1. */
  baseUrl: string;
  apiKey: string;
  requests: RecordedRequest[];
  /** Queues what the next requests get, in order. */
  script(...steps: FakeStep[]): void;
  /** The single chat request a test made, failing loudly if there were more or none. */
  onlyRequest(): FakeChatRequest;
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

const errorBody = (message: string, code: string | null) => ({ error: { message, type: 'invalid_request_error', param: null, code } });

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The scripted figures, or stand-ins (characters, not real tokens) that differ from request to request. */
function usageOf(step: Extract<FakeStep, { reply: 'answer' }>, request: FakeChatRequest) {
  const prompt = step.usage?.promptTokens ?? request.messages.reduce((total, message) => total + message.content.length, 0);
  const completion = step.usage?.completionTokens ?? step.tokens.length;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** Writes SSE chunks one by one, stopping quietly if the client has gone (it aborted or timed out). */
async function streamChunks(res: ServerResponse, chunks: unknown[], delayMs: number): Promise<void> {
  for (const chunk of chunks) {
    if (res.destroyed) return;
    res.write(`data: ${JSON.stringify(chunk)}\n\n`);
    if (delayMs > 0) await sleep(delayMs);
  }
}

/** One chat.completion.chunk with a single choice. */
const frame = (model: string, delta: Record<string, unknown>, finishReason: string | null = null) => ({
  id: 'chatcmpl-fake',
  object: 'chat.completion.chunk',
  created: Math.floor(Date.now() / 1000),
  model,
  choices: [{ index: 0, delta, finish_reason: finishReason }],
});

const deltaChunks = (step: { tokens?: string[]; reasoning?: string[] }, model: string) => [
  frame(model, { role: 'assistant', content: '' }),
  ...(step.reasoning ?? []).map((piece) => frame(model, { reasoning_content: piece, content: null })),
  ...(step.tokens ?? []).map((token) => frame(model, { content: token })),
];

async function answer(res: ServerResponse, step: Extract<FakeStep, { reply: 'answer' }>, request: FakeChatRequest): Promise<void> {
  if (step.delayMs) await sleep(step.delayMs);
  if (res.destroyed) return;
  const usage = usageOf(step, request);
  if (!request.stream) {
    json(res, 200, {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: step.tokens.join(''),
            ...(step.reasoning && { reasoning_content: step.reasoning.join('') }),
          },
          finish_reason: 'stop',
        },
      ],
      usage,
    });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const finish = frame(request.model, {}, 'stop');
  // The usage chunk has no choices at all, as OpenAI sends it.
  const usageChunk = { ...frame(request.model, {}), choices: [], usage };
  await streamChunks(
    res,
    [...deltaChunks(step, request.model), finish, ...(request.stream_options?.include_usage && !step.omitUsage ? [usageChunk] : [])],
    step.tokenDelayMs ?? 0,
  );
  if (!res.destroyed) res.end('data: [DONE]\n\n');
}

async function hang(res: ServerResponse, step: Extract<FakeStep, { reply: 'hang' }>, request: FakeChatRequest): Promise<void> {
  if (!step.tokens) return;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  await streamChunks(res, deltaChunks(step, request.model), 0);
}

export async function startFakeOpenAiServer(apiKey = 'sk-fake-test-key'): Promise<FakeOpenAiServer> {
  const requests: RecordedRequest[] = [];
  const steps: FakeStep[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let parsedJson: unknown = null;
    try {
      parsedJson = JSON.parse(raw);
    } catch {
      // Recorded with a null body and refused below, as OpenAI refuses malformed JSON.
    }
    const parsed = chatRequestSchema.safeParse(parsedJson);
    const body = parsed.success ? parsed.data : null;
    requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, body });

    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return json(res, 404, errorBody(`no route ${req.url}`, null));
    if (req.headers.authorization !== `Bearer ${apiKey}`) return json(res, 401, errorBody('Incorrect API key provided', 'invalid_api_key'));
    if (!parsed.success) return json(res, 400, errorBody(z.prettifyError(parsed.error), null));

    const step = steps.shift();
    if (!step) return json(res, 500, errorBody('the fake server has no scripted reply for this request', null));
    if (step.reply === 'error') return json(res, step.status, errorBody(step.message ?? `scripted ${step.status}`, step.code ?? null));
    if (step.reply === 'hang') return hang(res, step, parsed.data);
    return answer(res, step, parsed.data);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, errorBody(String(error), null));
      else res.destroy();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    script: (...next) => void steps.push(...next),
    onlyRequest() {
      const chat = requests.filter((request) => request.path === '/v1/chat/completions');
      if (chat.length !== 1 || !chat[0]!.body) throw new Error(`expected one chat request, the fake server got ${chat.length}`);
      return chat[0]!.body;
    },
    async close() {
      // Hung replies would otherwise hold server.close() open forever.
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
