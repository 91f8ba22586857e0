import { ApiError, GoogleGenAI } from '@google/genai';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';

/**
 * Gemini's context caches through the official @google/genai SDK: `caches.create/get/list/update/delete`, and
 * `generateContent` with `cachedContent`, whose prompt then counts the cache's tokens (`cachedContentTokenCount`).
 * A cache lives in its key's project, for its ttl: any other project's key, or anyone after it expired, gets
 * 403 "CachedContent not found (or permission denied)".
 */

const MODEL = 'gemini-2.5-flash';
/** About 1,500 tokens: over gemini-2.5-flash's minimum cache of 1,024. */
const DOCUMENT = 'The river carries silt to the delta, where it settles. '.repeat(110);

describe('Gemini context caches through the official SDK', () => {
  let mock: RunningMock;
  const ai = (project: string) => new GoogleGenAI({ apiKey: mock.issueKey('gemini', undefined, { project }), httpOptions: { baseUrl: mock.baseUrls.gemini } });

  before(async () => {
    mock = await startMock({ seed: 3 });
  });
  after(() => mock.close());

  const create = (client: GoogleGenAI, ttl = '300s') =>
    client.caches.create({ model: MODEL, config: { contents: [{ role: 'user', parts: [{ text: DOCUMENT }] }], systemInstruction: 'Answer from the document.', ttl, displayName: 'delta notes' } });

  it('is created, read, listed, given a new ttl and deleted', async () => {
    const client = ai('alpha');
    const cache = await create(client);
    assert.match(cache.name ?? '', /^cachedContents\/[a-z0-9]{12}$/);
    assert.equal(cache.model, `models/${MODEL}`);
    assert.equal(cache.displayName, 'delta notes');
    assert.ok((cache.usageMetadata?.totalTokenCount ?? 0) >= 1024);
    const expires = Date.parse(cache.expireTime ?? '');
    assert.ok(Math.abs(expires - Date.now() - 300_000) < 5_000, `expires in 300 s: ${cache.expireTime}`);
    assert.deepEqual(await client.caches.get({ name: cache.name! }), cache);
    const listed = [];
    for await (const item of await client.caches.list()) listed.push(item.name);
    assert.ok(listed.includes(cache.name));
    const updated = await client.caches.update({ name: cache.name!, config: { ttl: '7200s' } });
    assert.ok(Date.parse(updated.expireTime ?? '') - Date.now() > 7_000_000);
    await client.caches.delete({ name: cache.name! });
    const gone = await client.caches.get({ name: cache.name! }).catch((error: unknown) => error);
    assert.ok(gone instanceof ApiError && gone.status === 403, String(gone));
  });

  it('generateContent with the cache counts its tokens in the prompt, streamed or not', async () => {
    const client = ai('alpha');
    const cache = await create(client);
    const cached = cache.usageMetadata!.totalTokenCount!;
    const answer = await client.models.generateContent({ model: MODEL, contents: 'Where does the silt settle?', config: { cachedContent: cache.name! } });
    assert.equal(answer.usageMetadata?.cachedContentTokenCount, cached);
    assert.ok((answer.usageMetadata?.promptTokenCount ?? 0) > cached, 'the question and the cache');
    let last: number | undefined;
    for await (const chunk of await client.models.generateContentStream({ model: MODEL, contents: 'And why?', config: { cachedContent: cache.name! } })) last = chunk.usageMetadata?.cachedContentTokenCount;
    assert.equal(last, cached);
  });

  it('another project\'s key, another model, a system instruction beside it, a cache too small: the API\'s refusals', async () => {
    const cache = await create(ai('alpha'));
    const other = await ai('beta').models.generateContent({ model: MODEL, contents: 'Hi.', config: { cachedContent: cache.name! } }).catch((error: unknown) => error);
    assert.ok(other instanceof ApiError && other.status === 403, String(other));
    assert.match(other.message, /CachedContent not found \(or permission denied\)/);
    const client = ai('alpha');
    const wrongModel = await client.models.generateContent({ model: 'gemini-2.5-pro', contents: 'Hi.', config: { cachedContent: cache.name! } }).catch((error: unknown) => error);
    assert.ok(wrongModel instanceof ApiError && wrongModel.status === 400);
    assert.match(wrongModel.message, /has to be the same/);
    const beside = await client.models.generateContent({ model: MODEL, contents: 'Hi.', config: { cachedContent: cache.name!, systemInstruction: 'Be brief.' } }).catch((error: unknown) => error);
    assert.ok(beside instanceof ApiError && beside.status === 400);
    assert.match(beside.message, /can not be used with GenerateContent request setting system_instruction/);
    const small = await client.caches.create({ model: MODEL, config: { contents: [{ role: 'user', parts: [{ text: 'Too short.' }] }] } }).catch((error: unknown) => error);
    assert.ok(small instanceof ApiError && small.status === 400);
    assert.match(small.message, /Cached content is too small\. total_token_count=\d+, min_total_token_count=1024/);
  });

  it('is gone once its ttl has passed', async () => {
    const client = ai('alpha');
    const cache = await create(client, '0.2s');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const late = await client.models.generateContent({ model: MODEL, contents: 'Hi.', config: { cachedContent: cache.name! } }).catch((error: unknown) => error);
    assert.ok(late instanceof ApiError && late.status === 403, String(late));
  });
});
