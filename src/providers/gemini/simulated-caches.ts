import { asRecord } from '../probe.js';
import { estimateTokens, simOperation, type SimParsed } from '../simulated-common.js';
import type { Completion, KeptObjects, SimClock, SimOperation, SimResponse, SimulatedStorage, StorageOutcome, StoredAnswer } from '../simulator.js';
import { googleError, type GoogleStatus } from './simulated-envelope.js';
import { invalidArgument, modelNotFound } from './simulated-errors.js';
import { jsonHeaders } from './simulated-headers.js';
import { prettyJson } from './simulated-json.js';
import { findModel } from './simulated-models.js';
import { styleOfOperation } from './simulated-request-style.js';

/**
 * Gemini's context caches (ai.google.dev/api/caching): `POST /{version}/cachedContents` caches contents (and a
 * system instruction) for a model, for a `ttl` (an hour unless set) or until `expireTime`; `GET`, `PATCH` (a new
 * ttl) and `DELETE /{version}/cachedContents/{id}` and the listing reach it; `generateContent` with `cachedContent`
 * uses it, its tokens counted in the prompt and as `cachedContentTokenCount`. A cache lives in the project of the
 * key that made it: any other key, like a late one, is told 403 "CachedContent not found (or permission denied)".
 */

export const CACHE = 'cachedContent';
const PREFIX = 'cachedContents/';
const DEFAULT_TTL_MS = 3_600_000;

interface Cache {
  name: string;
  model: string;
  displayName?: string;
  tokens: number;
  createdAt: number;
  updatedAt: number;
}

/** The requests about caches, after the API version; null for any other path. */
export function parseCacheRequest(method: string, resource: string, body: () => { value: unknown } | { error: GoogleStatus }): SimParsed | null {
  if (resource !== 'cachedContents' && !resource.startsWith(PREFIX)) return null;
  const fail = (error: GoogleStatus): SimParsed => ({ error: googleError(error, 'json') });
  if (resource === 'cachedContents') {
    if (method === 'GET') return { op: simOperation('cachedContents.list', null) };
    if (method !== 'POST') return null;
    const read = body();
    if ('error' in read) return fail(read.error);
    const fields = asRecord(read.value) ?? {};
    const model = typeof fields.model === 'string' ? fields.model.replace(/^models\//, '') : '';
    // Reconstructed wording: no capture of a cache created without a model was found
    if (model === '') return fail(invalidArgument('CachedContent must have a model.'));
    if (!findModel(model)) return fail(modelNotFound({ model, method: 'createCachedContent', apiVersion: 'v1beta' }));
    const ttl = ttlError(fields.ttl);
    if (ttl) return fail(ttl);
    return { op: simOperation('cachedContents.create', model, { body: fields, promptText: cachedText(fields) }) };
  }
  const id = resource.slice(PREFIX.length);
  if (id === '' || id.includes('/')) return null;
  const stored = (use: 'read' | 'change' | 'delete') => ({ stored: { kind: CACHE, id: PREFIX + id, use } });
  if (method === 'GET') return { op: simOperation('cachedContents.get', null, stored('read')) };
  if (method === 'DELETE') return { op: simOperation('cachedContents.delete', null, stored('delete')) };
  if (method !== 'PATCH') return null;
  const read = body();
  if ('error' in read) return fail(read.error);
  const fields = asRecord(read.value) ?? {};
  const ttl = ttlError(fields.ttl);
  return ttl ? fail(ttl) : { op: simOperation('cachedContents.update', null, { body: fields, ...stored('change') }) };
}

/** The cache a generating request names (`cachedContent`, or `cached_content`), for `SimOperation.stored`. */
export function cacheNamed(body: Record<string, unknown>): SimOperation['stored'] {
  const name = body.cachedContent ?? body.cached_content;
  return typeof name === 'string' && name !== '' ? { kind: CACHE, id: name, use: 'continue' } : undefined;
}

/**
 * The smallest cache each model takes. Recorded: "Cached content is too small. total_token_count=896,
 * min_total_token_count=1024" for gemini-2.5-flash (BerriAI/litellm#17696), 4096 for a Pro model
 * (zyddnys/manga-image-translator#929, 2025-04).
 */
const minTokens = (model: string): number => (model.includes('pro') ? 4096 : 1024);

function answer(op: SimOperation, stored: StoredAnswer | null, completion: Completion, _requestId: string, clock: SimClock, kept: KeptObjects): StorageOutcome {
  const { now } = clock;
  if (op.name === 'cachedContents.list') {
    const caches = kept(CACHE).map((object) => cacheObject(object.value as Cache, object.expiresAt));
    return { response: ok(caches.length === 0 ? {} : { cachedContents: caches }) };
  }
  if (op.name === 'cachedContents.create') {
    const tokens = estimateTokens(op.promptText);
    const least = minTokens(op.model ?? '');
    if (tokens < least) return { response: googleError(invalidArgument(`Cached content is too small. total_token_count=${tokens}, min_total_token_count=${least}`), 'json') };
    const cache: Cache = { name: PREFIX + cacheId(completion), model: `models/${op.model}`, tokens, createdAt: now, updatedAt: now };
    if (typeof op.body.displayName === 'string') cache.displayName = op.body.displayName;
    const expiresAt = expiryOf(op.body, now) ?? now + DEFAULT_TTL_MS;
    return { response: ok(cacheObject(cache, expiresAt)), keep: [{ id: cache.name, kind: CACHE, value: cache, expiresAt }] };
  }
  if (!stored) throw new Error(`${op.name} names no cache`); // parse() gives every other one a reference
  const cache = stored.value as Cache;
  if (op.name === 'cachedContents.delete') return { response: ok({}), forget: [stored.id] };
  if (op.name === 'cachedContents.update') {
    const changed = { ...cache, updatedAt: now };
    const expiresAt = expiryOf(op.body, now) ?? stored.expiresAt;
    return { response: ok(cacheObject(changed, expiresAt)), keep: [{ ...stored, value: changed, expiresAt }] };
  }
  return { response: ok(cacheObject(cache, stored.expiresAt)) };
}

/** A request that uses a cache: on its model only, and without the fields the cache holds; its tokens become the prompt's. */
function using(op: SimOperation, stored: StoredAnswer): { op: SimOperation } | { error: SimResponse } {
  if (op.name.startsWith('cachedContents.')) return { op };
  const cache = stored.value as Cache;
  const style = styleOfOperation(op);
  if (cache.model !== `models/${op.model}`) {
    // Wording as Google words it (seen in reports of caches used with another model)
    return { error: googleError(invalidArgument(`Model used by GenerateContent request (models/${op.model}) and CachedContent (${cache.model}) has to be the same.`), style) };
  }
  const held = ['systemInstruction', 'system_instruction', 'tools', 'toolConfig', 'tool_config'].filter((field) => op.body[field] !== undefined);
  if (held.length > 0) {
    return {
      error: googleError(
        invalidArgument('CachedContent can not be used with GenerateContent request setting system_instruction, tools or tool_config.\n\nProposed fix: move those values to CachedContent from GenerateContent request.'),
        style,
      ),
    };
  }
  return { op: { ...op, cachedTokens: cache.tokens } };
}

function notFound(op: SimOperation): SimResponse {
  return googleError({ code: 403, status: 'PERMISSION_DENIED', message: 'CachedContent not found (or permission denied)' }, styleOfOperation(op));
}

export const GEMINI_STORAGE: SimulatedStorage = {
  stores: (op) => op.name === 'cachedContents.create',
  answers: (op) => op.name.startsWith('cachedContents.'),
  answer,
  keep: () => [],
  notFound,
  using,
};

function cacheObject(cache: Cache, expiresAt: number | undefined): Record<string, unknown> {
  return {
    name: cache.name,
    model: cache.model,
    createTime: timestamp(cache.createdAt),
    updateTime: timestamp(cache.updatedAt),
    ...(expiresAt !== undefined ? { expireTime: timestamp(expiresAt) } : {}),
    ...(cache.displayName !== undefined ? { displayName: cache.displayName } : {}),
    usageMetadata: { totalTokenCount: cache.tokens },
  };
}

function ok(body: unknown): SimResponse {
  return { status: 200, headers: jsonHeaders(40), body: prettyJson(body) };
}

/** Google's timestamps: RFC 3339 in UTC with microseconds. */
function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

/** The cache's id: 12 lowercase letters and digits, from the answer's seed (unique with its serial). */
function cacheId(completion: Completion): string {
  return `${completion.id}${completion.serial ?? ''}`.toLowerCase().replace(/[^a-z0-9]/g, '').slice(-12).padStart(12, '0');
}

/** `ttl` ("300s", "1.5s") or `expireTime` (RFC 3339), as the epoch ms the cache expires at; undefined when neither. */
function expiryOf(body: Record<string, unknown>, now: number): number | undefined {
  if (typeof body.ttl === 'string') return now + Number.parseFloat(body.ttl) * 1000;
  if (typeof body.expireTime === 'string' && !Number.isNaN(Date.parse(body.expireTime))) return Date.parse(body.expireTime);
  return undefined;
}

/** A ttl that is not a Duration. Reconstructed wording, after Google's JSON-mapping errors for Duration fields. */
function ttlError(ttl: unknown): GoogleStatus | null {
  if (ttl === undefined || (typeof ttl === 'string' && /^\d+(?:\.\d{1,9})?s$/.test(ttl))) return null;
  return invalidArgument(`Invalid value at 'cached_content.ttl' (type.googleapis.com/google.protobuf.Duration), ${JSON.stringify(ttl)}`);
}

/** The text a cache holds: its contents' and its system instruction's. */
function cachedText(fields: Record<string, unknown>): string {
  const texts: string[] = [];
  const collect = (content: unknown) => {
    const parts = asRecord(content)?.parts;
    if (!Array.isArray(parts)) return;
    for (const part of parts) {
      const text = asRecord(part)?.text;
      if (typeof text === 'string') texts.push(text);
    }
  };
  collect(fields.systemInstruction ?? fields.system_instruction);
  if (Array.isArray(fields.contents)) fields.contents.forEach(collect);
  return texts.join('\n');
}
