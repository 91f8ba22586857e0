import type { SimOperation, SimRequest } from '../simulator.js';

/**
 * How Google frames an answer, errors included: a streaming call without `alt=sse` gets its error
 * inside a JSON array (`[{"error": ...}\n]`, gm-001), a call with `alt=sse` gets the error JSON with
 * `content-type: text/event-stream` (which is why @google/genai double-encodes it, gm-031/gm-033),
 * and every other call gets plain JSON. This holds for key errors too, found before the body is read.
 */
export type ResponseStyle = 'json' | 'sse' | 'json-array';

const STREAM_METHOD = ':streamGenerateContent';

export function styleOfRequest(req: SimRequest): ResponseStyle {
  if (!req.path.endsWith(STREAM_METHOD)) return 'json';
  return altOf(req.query) === 'sse' ? 'sse' : 'json-array';
}

export function styleOfOperation(op: SimOperation): ResponseStyle {
  return op.stream ? op.streamStyle : 'json';
}

/** The `alt` system parameter, also accepted as `$alt` (cloud.google.com/apis/docs/system-parameters). */
export function altOf(query: URLSearchParams): string | null {
  return query.get('alt') ?? query.get('$alt');
}
