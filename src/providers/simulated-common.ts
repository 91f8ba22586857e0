import type { Completion, OperationName, SimOperation, SimRequest, SimResponse } from './simulator.js';

/** Helpers every provider simulator (src/providers/<provider>/simulated-*.ts) needs alike. */

/** What `ProviderSimulator.parse` returns: the operation, or the API's own refusal. */
export type SimParsed = { op: SimOperation } | { error: SimResponse };

/** An operation; unset fields take the values of a non-streaming call without a body. */
export function simOperation(name: OperationName, model: string | null, fields: Partial<SimOperation> = {}): SimOperation {
  return { name, model, stream: false, streamStyle: 'sse', body: {}, promptText: '', maxTokens: null, includeUsage: false, ...fields };
}

/** About four characters a token, as the mock counts everywhere (src/mock/text-generator.ts). */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

/** A request header's value, the first one when it was repeated. */
export function firstHeader(req: SimRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A percent-encoded path part decoded, or as sent when its encoding is broken (`%zz`). */
export function decodePathPart(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Letters, digits, `-` and `_`: the alphabet of OpenAI, Anthropic and Google API key bodies. */
export const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Every answer of a completion in order: itself, then the alternatives asked for (OpenAI `n`, Gemini `candidateCount`). */
export function answersOf(completion: Completion): Completion[] {
  return completion.alternatives ? [completion, ...completion.alternatives] : [completion];
}

/** Lanes of frames merged a frame from each in turn, as the APIs interleave the answers of one request. */
export function interleaved<T>(lanes: T[][]): T[] {
  if (lanes.length === 1) return lanes[0]!;
  const merged: T[] = [];
  const longest = Math.max(...lanes.map((lane) => lane.length));
  for (let step = 0; step < longest; step++) for (const lane of lanes) if (step < lane.length) merged.push(lane[step]!);
  return merged;
}
