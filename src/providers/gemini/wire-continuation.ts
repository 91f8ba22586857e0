import { asRecord } from '../probe.js';
import type { EndpointMatch } from '../wire.js';
import { candidatesAsked } from './wire-candidates.js';

const GENERATING = new Set(['generateContent', 'streamGenerateContent']);

/**
 * Continues a cut answer with what was already streamed as a final `model` turn, which the model
 * carries on from. A final model turn the caller sent itself is extended instead. An answer in several
 * candidates cannot be continued: the prefill continues one, and the others would start over.
 */
export function geminiContinuation(match: EndpointMatch, body: Record<string, unknown>, partialText: string): Record<string, unknown> | null {
  if (!GENERATING.has(match.operation) || partialText === '' || candidatesAsked(body) > 1) return null;
  const contents = contentList(body.contents);
  if (contents === null) return null;
  const last = asRecord(contents[contents.length - 1]);
  if (last?.role === 'model') {
    return { ...body, contents: [...contents.slice(0, -1), { ...last, parts: appended(last.parts, partialText) }] };
  }
  return { ...body, contents: [...contents, { role: 'model', parts: [{ text: partialText }] }] };
}

/** `contents` is repeated, yet proto JSON also takes a single Content for a list of one. */
function contentList(contents: unknown): unknown[] | null {
  if (Array.isArray(contents)) return contents;
  return asRecord(contents) ? [contents] : null;
}

function appended(parts: unknown, text: string): unknown[] {
  const list = Array.isArray(parts) ? parts : asRecord(parts) ? [parts] : [];
  const last = asRecord(list[list.length - 1]);
  if (last && typeof last.text === 'string' && last.thought !== true) return [...list.slice(0, -1), { ...last, text: last.text + text }];
  return [...list, { text }];
}
