import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { WireFamily, WireFormat } from '../../providers/wire.js';
import { matchEndpoint, WIRE_FORMATS } from '../../providers/wires.js';
import type { EngineDeps } from '../engine/attempt-loop.js';
import type { GatewayCall } from '../engine/call.js';
import { ClientGone } from '../engine/client-gone.js';
import { handleCall } from '../engine/handle-call.js';
import type { RoutePlanner } from '../engine/route-plan.js';
import type { RequestRecord } from '../engine/trail.js';
import { readBody } from './read-body.js';
import { replyFailure, send } from './reply.js';
import { clientMistake } from './request-errors.js';
import { nextRequestId } from './request-id.js';

/** Seams for the operating features (client keys, usage, metrics, logs): the serving path calls them and nothing more. */
export interface GatewayHooks {
  /** Runs before a request is served; an answer sent here (a refusal) ends it. Returns false when it answered. */
  admit?(req: IncomingMessage, res: ServerResponse, call: GatewayCall): boolean | Promise<boolean>;
  /** Every admitted request once it ended: served, failed, or abandoned by its client. */
  onRecord?(record: RequestRecord): void;
  /** Requests outside the model API (health, admin, metrics); returns true when it answered. */
  route?(req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean>;
  /** A failure of the gateway itself (a bug): logged, never shown with secrets. */
  onError?(error: unknown): void;
}

export interface ServerParts {
  planner: RoutePlanner;
  deps: EngineDeps;
  maxBodyBytes: number;
  hooks: GatewayHooks;
}

export function createGatewayServer(parts: ServerParts): Server {
  const server = createServer((req, res) => {
    serve(req, res, parts).catch((error: unknown) => {
      parts.hooks.onError?.(error);
      if (!res.headersSent) send(res, 500, { 'content-type': 'application/json' }, JSON.stringify({ error: { message: 'internal gateway error', type: 'server_error' } }));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  // Malformed request lines and headers never reach the handler: answer them plainly
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{"error":{"message":"malformed HTTP request (request line or headers)","type":"invalid_request_error"}}');
  });
  return server;
}

async function serve(req: IncomingMessage, res: ServerResponse, parts: ServerParts): Promise<void> {
  if (req.url === '/healthz') return send(res, 200, { 'content-type': 'application/json' }, '{"status":"ok"}');
  // Admin, /readyz, /metrics: only paths the model APIs never use
  // Hooks answer synchronously when they can: no promise per request on the model API's path
  const routed = parts.hooks.route?.(req, res);
  if (routed === true || (routed instanceof Promise && (await routed))) return;
  const requestId = nextRequestId();
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = queryAt === -1 ? NO_QUERY : new URLSearchParams(url.slice(queryAt + 1));
  const method = req.method ?? 'GET';
  const match = matchEndpoint(method, path, req.headers);
  const refuse = (wire: WireFormat, status: number, title: string, cause: string, fix: string, category: Parameters<typeof clientMistake>[1] = 'bad_request') => {
    req.resume();
    replyFailure(res, wire, requestId, clientMistake(status, category, title, cause, fix), { 'x-llmdoctor-request-id': requestId });
  };
  if (match === null) {
    return refuse(WIRE_FORMATS[guessFamily(path, req)], 404, `No such endpoint: ${method} ${path}`, 'The gateway serves the OpenAI API under /v1, Anthropic\'s /v1/messages and Gemini\'s /v1beta/models.', 'Point the SDK\'s base URL at the gateway: OpenAI http://host:port/v1, Anthropic and Gemini http://host:port.', 'wrong_endpoint');
  }
  const wire = WIRE_FORMATS[match.family];
  let body: Record<string, unknown> | null = null;
  let rawBody: Buffer | null = null;
  if (match.hasBody) {
    const read = await readBody(req, parts.maxBodyBytes);
    if (!read.ok) {
      if (read.tooLarge) return refuse(wire, 413, 'Request body too large', `The body is larger than the gateway's limit of ${read.limit} bytes.`, 'Send a smaller request, or raise limits.max_body_bytes in the gateway config.');
      return;
    }
    rawBody = read.bytes;
    const parsed = parseObject(rawBody);
    if (typeof parsed === 'string') return refuse(wire, 400, 'The request body is not a JSON object', parsed, 'Send a JSON object with content-type: application/json.');
    body = parsed;
  }
  const model = match.modelIn === 'path' ? match.pathModel : match.modelIn === 'body' ? wire.bodyModel(body) : null;
  if (match.modelIn === 'body' && model === null && match.modelOptional !== true) {
    return refuse(wire, 400, 'The request names no model', 'The body has no `model` string.', 'Add "model": "<a model or a route name>" to the body.');
  }
  const gone = new ClientGone();
  res.on('close', () => {
    if (!res.writableFinished) gone.abort(new Error('the client closed the connection'));
  });
  const call: GatewayCall = {
    requestId,
    receivedAt: Date.now(),
    method,
    match,
    wire,
    body,
    rawBody,
    query,
    model,
    streaming: wire.streaming(match, body, query),
    answerNeeded: wire.answerNeeded(match, body),
    headers: req.headers,
    signal: gone,
    client: null,
  };
  const admitted = parts.hooks.admit?.(req, res, call) ?? true;
  if (admitted === false || (admitted instanceof Promise && !(await admitted))) return;
  parts.hooks.onRecord?.(await handleCall(call, res, parts.planner, parts.deps));
}

/** The query of the many requests without one: shared, as nothing changes a call's query. */
const NO_QUERY = new URLSearchParams();

function parseObject(bytes: Buffer): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return `It could not be parsed: ${(error as Error).message}.`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `It is ${Array.isArray(value) ? 'an array' : `a ${value === null ? 'null' : typeof value}`}, not an object.`;
  return value as Record<string, unknown>;
}

function guessFamily(path: string, req: IncomingMessage): WireFamily {
  if (path.startsWith('/v1beta') || 'x-goog-api-key' in req.headers) return 'gemini';
  if ('anthropic-version' in req.headers || path.startsWith('/v1/messages')) return 'anthropic';
  return 'openai';
}
