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
 * is an ordinary day, not a corner case.
 */

const CACHE_GONE = JSON.stringify({ error: { code: 403, message: 'CachedContent not found (or permission denied)', status: 'PERMISSION_DENIED' } });

describe('e2e: a Gemini cache the key cannot see', () => {
  let rig: Rig;
  let upstream: Server;
  let requests = 0;

  before(async () => {
    // Google's answer to any request naming the cache; the mock has no caches, so a scripted upstream plays it
    upstream = createServer((req, res) => {
      requests++;
      req.resume();
      res.writeHead(403, { 'content-type': 'application/json; charset=UTF-8' }).end(CACHE_GONE);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    rig = await startRig((mock) =>
      gatewayConfig(mock, [{ name: 'google', provider: 'gemini', keys: ['AIzaKeyOne', 'AIzaKeyTwo', 'AIzaKeyThree'], baseUrl }], [
        { model: 'cached', targets: [{ upstream: 'google', model: 'gemini-2.5-flash' }] },
      ]),
    );
  });
  after(async () => {
    await rig?.close();
    upstream?.close();
  });

  it('is returned at once with what it means, and every key stays in rotation', async () => {
    const ai = new GoogleGenAI({ apiKey: 'unused', httpOptions: { baseUrl: rig.gateway.url } });
    const error = await ai.models
      .generateContent({ model: 'cached', contents: 'Summarise the document.', config: { cachedContent: 'cachedContents/abc123' } })
      .catch((e: unknown) => e);
    const states = rig.gateway.upstreams.get('google')!.pool.snapshot().map((key) => key.health.state);
    assert.deepEqual(states, ['healthy', 'healthy', 'healthy']);
    assert.equal(requests, 1, 'not retried with other keys');
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.status, 403, 'the provider\'s status, with its reason');
    assert.match(error.message, /CachedContent not found/);
    assert.match(error.message, /A cache or file this key cannot see/, 'and our diagnosis');
  });
});
