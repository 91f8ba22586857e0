import { ApiError, GoogleGenAI } from '@google/genai';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { gatewayConfig, startRig, type Rig } from './support/harness.js';

/**
 * Gemini answers a request that names a context cache it cannot see (expired, deleted, or made by another
 * project's key) with 403 PERMISSION_DENIED, "CachedContent not found (or permission denied)". That is about the
 * cache, not the key: a gateway that reads every 403 as a refused key takes its healthy keys out of rotation
 * one by one, each try of the same request disabling the next. Caches expire after an hour by default, so this
 * is an ordinary day, not a corner case. And with keys of several projects in the pool, the cache may simply be
 * another project's: the gateway asks each key once before it gives the client Google's answer.
 */

const CACHE_GONE = JSON.stringify({ error: { code: 403, message: 'CachedContent not found (or permission denied)', status: 'PERMISSION_DENIED' } });

const ANSWER = JSON.stringify({
  candidates: [{ content: { role: 'model', parts: [{ text: 'A summary.' }] }, finishReason: 'STOP', index: 0 }],
  usageMetadata: { promptTokenCount: 4, cachedContentTokenCount: 2, candidatesTokenCount: 3, totalTokenCount: 7 },
  modelVersion: 'gemini-2.5-flash',
});

describe('e2e: a Gemini cache the key cannot see', () => {
  let rig: Rig;
  let upstream: Server;
  /** The key of each request the upstream received, in order. */
  let asked: string[] = [];
  const KEYS = ['AIzaKeyOne', 'AIzaKeyTwo', 'AIzaKeyThree'];

  before(async () => {
    // Google's answers; the mock has no caches, so a scripted upstream plays them: only the third key's project made
    // cachedContents/ours, and nobody's holds any other cache
    upstream = createServer((req, res) => {
      const key = String(req.headers['x-goog-api-key']);
      asked.push(key);
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk));
      req.on('end', () => {
        const cache = (JSON.parse(body) as { cachedContent?: string }).cachedContent;
        if (cache === 'cachedContents/ours' && key === KEYS[2]) res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' }).end(ANSWER);
        else res.writeHead(403, { 'content-type': 'application/json; charset=UTF-8' }).end(CACHE_GONE);
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    rig = await startRig((mock) =>
      gatewayConfig(mock, [{ name: 'google', provider: 'gemini', keys: KEYS, baseUrl }], [
        { model: 'cached', targets: [{ upstream: 'google', model: 'gemini-2.5-flash' }] },
      ]),
    );
  });
  after(async () => {
    await rig?.close();
    upstream?.close();
  });

  const ai = () => new GoogleGenAI({ apiKey: 'unused', httpOptions: { baseUrl: rig.gateway.url } });
  const keyStates = () => rig.gateway.upstreams.get('google')!.pool.snapshot().map((key) => key.health.state);

  it('one that no key sees is asked of each key once and returned with what it means; every key stays in rotation', async () => {
    asked = [];
    const error = await ai()
      .models.generateContent({ model: 'cached', contents: 'Summarise the document.', config: { cachedContent: 'cachedContents/abc123' } })
      .catch((e: unknown) => e);
    assert.deepEqual(keyStates(), ['healthy', 'healthy', 'healthy']);
    assert.deepEqual([...asked].sort(), [...KEYS].sort(), 'each key once, none twice');
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.status, 403, 'the provider\'s status, with its reason');
    assert.match(error.message, /CachedContent not found/);
    assert.match(error.message, /A cache or file this key cannot see/, 'and our diagnosis');
  });

  it('one that another project\'s key made is served by that key, the client none the wiser', async () => {
    for (let request = 0; request < 3; request++) {
      asked = [];
      const answer = await ai().models.generateContent({ model: 'cached', contents: 'Summarise the document.', config: { cachedContent: 'cachedContents/ours' } });
      assert.equal(answer.text, 'A summary.');
      assert.equal(asked.at(-1), KEYS[2]);
      assert.equal(new Set(asked).size, asked.length, `no key asked twice: ${asked.join(' ')}`);
    }
    assert.deepEqual(keyStates(), ['healthy', 'healthy', 'healthy']);
  });
});
