import Anthropic from '@anthropic-ai/sdk';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { fingerprint } from '../../src/core/redact.js';
import { startGateway, type RunningGateway } from '../../src/gateway/start-gateway.js';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';
import { TINYPROXY_MISSING } from '../net/support/binaries.js';
import { startTinyproxy, type Tinyproxy } from '../net/support/tinyproxy.js';
import { gatewayConfig, mockBaseUrl, startRig, type Rig } from './support/harness.js';
import { startRegionExitProxy, type RegionExitProxy } from './support/region-exit-proxy.js';
import { postJson } from './support/sse-text.js';

/**
 * Outbound routes: an upstream's `proxy` (a real tinyproxy, with and without basic auth) carries every
 * call to it, and `regionProxy` is taken only after the provider refused our country.
 */

const LIMIT = { timeout: 10_000 };
const ANTHROPIC = { 'anthropic-version': '2023-06-01' };
const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Through the proxy.' }] };

/** The requests tinyproxy logged as forwarded: `POST http://127.0.0.1:port/path`. */
function forwarded(proxy: Tinyproxy): string[] {
  return [...proxy.output().matchAll(/Request \(file descriptor \d+\): (\S+ \S+) HTTP/g)].map((m) => m[1]!);
}

/** tinyproxy writes its log a moment after it forwarded: wait until it has `count` requests. */
async function forwardedCount(proxy: Tinyproxy, count: number): Promise<string[]> {
  const deadline = Date.now() + 2_000;
  while (forwarded(proxy).length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return forwarded(proxy);
}

describe('e2e proxy: upstream calls through a real tinyproxy', { skip: TINYPROXY_MISSING }, () => {
  let open: Tinyproxy;
  let guarded: Tinyproxy;
  let rig: Rig;
  const keys = { viaProxy: '', direct: '', withAuth: '', noAuth: '', wrongAuth: '' };

  before(async () => {
    open = await startTinyproxy();
    guarded = await startTinyproxy({ basicAuth: { user: 'gate', password: 's3cretpass' } });
    const guardedAt = `127.0.0.1:${guarded.port}`;
    rig = await startRig((mock) => {
      keys.viaProxy = mock.issueKey('openai');
      keys.direct = mock.issueKey('openai');
      keys.withAuth = mock.issueKey('anthropic');
      keys.noAuth = mock.issueKey('openai');
      keys.wrongAuth = mock.issueKey('gemini');
      return gatewayConfig(
        mock,
        [
          { name: 'via-proxy', provider: 'openai', keys: [keys.viaProxy], proxy: open.url },
          { name: 'direct', provider: 'openai', keys: [keys.direct] },
          { name: 'with-auth', provider: 'anthropic', keys: [keys.withAuth], proxy: `http://gate:s3cretpass@${guardedAt}` },
          { name: 'no-auth', provider: 'openai', keys: [keys.noAuth], proxy: `http://${guardedAt}` },
          { name: 'wrong-auth', provider: 'gemini', keys: [keys.wrongAuth], proxy: `http://gate:wrong@${guardedAt}` },
        ],
        [
          { model: 'proxied', targets: [{ upstream: 'via-proxy', model: 'gpt-4o-mini' }] },
          { model: 'direct', targets: [{ upstream: 'direct', model: 'gpt-4o-mini' }] },
          { model: 'no-auth', targets: [{ upstream: 'no-auth', model: 'gpt-4o-mini' }] },
        ],
      );
    });
  });
  after(async () => {
    await rig?.close();
    await open?.close();
    await guarded?.close();
  });

  it('calls to an upstream with a proxy go through it, plain and streamed; others go direct', LIMIT, async () => {
    const openai = new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const before = forwarded(open).length;
    const answer = await openai.chat.completions.create({ ...chat, model: 'proxied' });
    assert.ok(answer.choices[0]!.message.content);
    let text = '';
    for await (const chunk of await openai.chat.completions.create({ ...chat, model: 'proxied', stream: true })) text += chunk.choices[0]?.delta.content ?? '';
    assert.ok(text.length > 0);
    const direct = await openai.chat.completions.create({ ...chat, model: 'direct' });
    assert.ok(direct.choices[0]!.message.content);

    const mockOrigin = new URL(rig.mock.url).origin;
    assert.deepEqual((await forwardedCount(open, before + 2)).slice(before), [`POST ${mockOrigin}/openai/v1/chat/completions`, `POST ${mockOrigin}/openai/v1/chat/completions`]);
    assert.deepEqual(
      rig.mock.attempts().slice(-3).map((a) => [a.keyFingerprint, a.outcome]),
      [[fingerprint(keys.viaProxy), 200], [fingerprint(keys.viaProxy), 200], [fingerprint(keys.direct), 200]],
    );
  });

  it('a proxy that asks for basic auth gets the credentials from the proxy URL', LIMIT, async () => {
    const before = forwarded(guarded).length;
    const anthropic = new Anthropic({ baseURL: rig.gateway.url, apiKey: 'unused', maxRetries: 0 });
    const { data, response } = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 30, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    assert.equal(data.type, 'message');
    assert.equal(response.headers.get('x-llmdoctor-upstream'), 'with-auth');
    assert.deepEqual((await forwardedCount(guarded, before + 1)).slice(before), [`POST ${new URL(rig.mock.url).origin}/anthropic/v1/messages`]);
    assert.equal(rig.mock.attempts().at(-1)!.keyFingerprint, fingerprint(keys.withAuth));
  });

  it('missing or wrong proxy credentials are named as a proxy problem, and the key is not blamed', LIMIT, async () => {
    const from = rig.mock.attempts().length;
    const missing = await postJson(`${rig.gateway.url}/v1/chat/completions`, { ...chat, model: 'no-auth' });
    const wrong = await postJson(`${rig.gateway.url}/v1beta/models/gemini-2.5-flash:generateContent`, { contents: [{ parts: [{ text: 'hi' }] }] });
    assert.equal(rig.mock.attempts().length, from, 'the proxy refused: nothing reached the provider');
    // tinyproxy refuses with 401 (not 407) and its own HTML page: that is not the provider rejecting the key
    assert.deepEqual([missing.headers.get('x-llmdoctor-category'), wrong.headers.get('x-llmdoctor-category')], ['network_proxy', 'network_proxy']);
    for (const upstream of ['no-auth', 'wrong-auth']) {
      assert.deepEqual(rig.gateway.upstreams.get(upstream)!.pool.snapshot().map((k) => k.health.state), ['healthy'], `${upstream}'s key stays in rotation`);
    }
  });
});

describe('e2e proxy: region_blocked goes through the region proxy', () => {
  let blocked: RunningMock;
  let abroad: RunningMock;
  let exit: RegionExitProxy;
  let gateway: RunningGateway;
  const families = ['openai', 'anthropic', 'gemini'] as const;
  const keys = {} as Record<(typeof families)[number], string>;

  before(async () => {
    // Two servers of the same simulated provider (same seed: same keys): one sees us in China, one abroad
    blocked = await startMock({ port: 0, region: 'CN', seed: 7 });
    abroad = await startMock({ port: 0, region: 'US', seed: 7 });
    for (const family of families) {
      keys[family] = blocked.issueKey(family);
      assert.equal(abroad.issueKey(family), keys[family]);
    }
    exit = await startRegionExitProxy(abroad.url);
    const config = gatewayConfig(
      blocked,
      families.map((family) => ({ name: family, provider: family, keys: [keys[family]], regionProxy: exit.url })),
    );
    gateway = await startGateway({ config });
  });
  after(async () => {
    await gateway?.close();
    await exit?.close();
    await blocked?.close();
    await abroad?.close();
  });

  it('a refused region is retried once through the region proxy and served from there', LIMIT, async () => {
    const answers = [
      await postJson(`${gateway.url}/v1/chat/completions`, chat),
      await postJson(`${gateway.url}/v1/messages`, { model: 'claude-haiku-4-5', max_tokens: 30, messages: [{ role: 'user', content: 'hi' }] }, ANTHROPIC),
      await postJson(`${gateway.url}/v1beta/models/gemini-2.5-flash:generateContent`, { contents: [{ parts: [{ text: 'hi' }] }] }),
    ];
    assert.deepEqual(answers.map((a) => [a.status, a.headers.get('x-llmdoctor-attempts')]), [[200, '2'], [200, '2'], [200, '2']]);
    const blockedOrigin = new URL(blocked.url).origin;
    // The direct attempt met the provider's geo refusal; the second went out through the exit, to the same provider URL
    assert.deepEqual(blocked.attempts().map((a) => [a.provider, a.outcome]), families.map((f) => [f, 403]).map(([f, s]) => [f, f === 'gemini' ? 400 : s]));
    assert.deepEqual(exit.requests, [
      `POST ${blockedOrigin}/openai/v1/chat/completions`,
      `POST ${blockedOrigin}/anthropic/v1/messages`,
      `POST ${blockedOrigin}/gemini/v1beta/models/gemini-2.5-flash:generateContent`,
    ]);
    assert.deepEqual(abroad.attempts().map((a) => [a.provider, a.keyFingerprint, a.outcome]), families.map((f) => [f, fingerprint(keys[f]), 200]));
  });

  it('an upstream without a region proxy fails over to the next target instead', LIMIT, async () => {
    const mock = await startMock({ port: 0, region: 'CN' });
    const fallback = await startMock({ port: 0, region: 'US' });
    const config = gatewayConfig(
      mock,
      [
        { name: 'blocked', provider: 'openai', keys: [mock.issueKey('openai')] },
        { name: 'elsewhere', provider: 'openai', keys: [fallback.issueKey('openai')], baseUrl: mockBaseUrl(fallback, 'openai') },
      ],
      [{ model: 'smart', targets: [{ upstream: 'blocked', model: 'gpt-4o' }, { upstream: 'elsewhere', model: 'gpt-4o-mini' }] }],
    );
    const running = await startGateway({ config });
    try {
      const answer = await postJson(`${running.url}/v1/chat/completions`, { ...chat, model: 'smart' });
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('x-llmdoctor-upstream'), 'elsewhere');
      assert.deepEqual(mock.attempts().map((a) => a.outcome), [403]);
      assert.deepEqual(fallback.attempts().map((a) => a.outcome), [200]);
    } finally {
      await running.close();
      await mock.close();
      await fallback.close();
    }
  });
});

describe('e2e proxy: a real tinyproxy as the region proxy', { skip: TINYPROXY_MISSING }, () => {
  let proxy: Tinyproxy;
  let rig: Rig;
  let blockedKey = '';
  let okKey = '';

  before(async () => {
    proxy = await startTinyproxy();
    rig = await startRig((mock) => {
      // The key plays region_blocked on every request, wherever it comes from: the proxy cannot help, the fallback can
      blockedKey = mock.issueKey('anthropic', 'region_blocked');
      okKey = mock.issueKey('anthropic');
      return gatewayConfig(
        mock,
        [
          { name: 'blocked', provider: 'anthropic', keys: [blockedKey], regionProxy: proxy.url },
          { name: 'fallback', provider: 'anthropic', keys: [okKey] },
        ],
        [{ model: 'claude', targets: [{ upstream: 'blocked', model: 'claude-sonnet-4-5' }, { upstream: 'fallback', model: 'claude-haiku-4-5' }] }],
      );
    });
  });
  after(async () => {
    await rig?.close();
    await proxy?.close();
  });

  it('the region proxy is used only after the refusal, then the next target serves', LIMIT, async () => {
    const anthropic = new Anthropic({ baseURL: rig.gateway.url, apiKey: 'unused', maxRetries: 0 });
    const { response } = await anthropic.messages.create({ model: 'claude', max_tokens: 30, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    assert.equal(response.headers.get('x-llmdoctor-upstream'), 'fallback');
    assert.equal(response.headers.get('x-llmdoctor-attempts'), '3');
    assert.deepEqual(
      rig.mock.attempts().map((a) => [a.keyFingerprint, a.outcome]),
      [[fingerprint(blockedKey), 403], [fingerprint(blockedKey), 403], [fingerprint(okKey), 200]],
    );
    // Only the second attempt went through the proxy
    assert.deepEqual(await forwardedCount(proxy, 1), [`POST ${new URL(rig.mock.url).origin}/anthropic/v1/messages`]);
  });
});
