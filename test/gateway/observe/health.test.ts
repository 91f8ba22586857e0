import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { bearerMatches } from '../../../src/gateway/observe/bearer-token.js';
import { GatewayMetrics } from '../../../src/gateway/observe/gateway-metrics.js';
import { handleHealth, readiness, type HealthEndpoints } from '../../../src/gateway/observe/health.js';
import { parseExposition, valueOf } from './exposition-parser.js';
import { FakeView, key, record, upstream } from './fixtures.js';

/** Two upstreams, a route over both, and both serving passthrough requests: everything healthy. */
function healthyView(): FakeView {
  const view = new FakeView();
  view.upstreamList = [upstream('openai', [key('aaaaaa', 'healthy'), key('bbbbbb', 'disabled')]), upstream('anthropic', [key('cccccc', 'healthy')])];
  view.routeList = [{ name: 'smart', upstreams: ['openai', 'anthropic'] }, { name: 'cheap', upstreams: ['openai'] }];
  view.passthrough = ['openai', 'anthropic'];
  return view;
}

const checkOf = (view: FakeView, name: string) => readiness(view).checks.find((check) => check.name === name);

describe('readiness', () => {
  it('is ready when the store is writable and every route and passthrough upstream has a usable key', () => {
    const state = readiness(healthyView());
    assert.equal(state.ready, true);
    assert.deepEqual(state.checks.map((check) => [check.name, check.ok]), [
      ['store', true],
      ['route:smart', true],
      ['route:cheap', true],
      ['upstream:openai', true],
      ['upstream:anthropic', true],
    ]);
    assert.equal(checkOf(healthyView(), 'upstream:openai')!.detail, '1 healthy, 0 cooling, 1 disabled of 2 keys');
  });

  it('is not ready when the store refuses writes, or throws', () => {
    const view = healthyView();
    view.writable = () => false;
    assert.equal(readiness(view).ready, false);
    assert.deepEqual(checkOf(view, 'store'), { name: 'store', ok: false, detail: 'a write to the store failed' });
    view.writable = () => {
      throw new Error('SQLITE_READONLY: /data/gateway.db');
    };
    assert.equal(readiness(view).ready, false);
    assert.equal(checkOf(view, 'store')!.detail, 'a write to the store failed');
  });

  it('counts cooling keys as usable and disabled ones as not', () => {
    const view = healthyView();
    view.passthrough = [];
    view.upstreamList = [upstream('openai', [key('aaaaaa', 'cooling'), key('bbbbbb', 'disabled')]), upstream('anthropic', [key('cccccc', 'disabled')])];
    assert.equal(readiness(view).ready, true, 'a cooling key comes back by itself');
    view.upstreamList = [upstream('openai', [key('aaaaaa', 'disabled'), key('bbbbbb', 'disabled')]), upstream('anthropic', [key('cccccc', 'cooling')])];
    const state = readiness(view);
    assert.equal(state.ready, false);
    assert.equal(checkOf(view, 'route:smart')!.ok, true, 'anthropic still serves smart');
    assert.deepEqual(checkOf(view, 'route:cheap'), { name: 'route:cheap', ok: false, detail: 'no usable key: openai 0 healthy, 0 cooling, 2 disabled of 2 keys' });
  });

  it('requires a usable key on every passthrough upstream, even when every route has one', () => {
    const view = healthyView();
    view.routeList = [{ name: 'smart', upstreams: ['anthropic'] }];
    view.upstreamList = [upstream('openai', [key('aaaaaa', 'disabled')]), upstream('anthropic', [key('cccccc', 'healthy')])];
    assert.equal(readiness(view).ready, false);
    assert.equal(checkOf(view, 'upstream:openai')!.ok, false);
    view.passthrough = ['anthropic'];
    assert.equal(readiness(view).ready, true);
  });

  it('is not ready with a route naming an unknown upstream, or with nothing to serve from', () => {
    const view = healthyView();
    view.routeList = [{ name: 'ghost', upstreams: ['nowhere'] }];
    view.passthrough = [];
    assert.deepEqual(checkOf(view, 'route:ghost'), { name: 'route:ghost', ok: false, detail: 'no usable key: nowhere unknown upstream' });
    view.routeList = [];
    view.writable = null;
    assert.deepEqual(readiness(view), { ready: false, checks: [{ name: 'upstreams', ok: false, detail: 'no route and no upstream to serve requests from' }] });
  });

  it('leaves the store out when the gateway runs without one', () => {
    const view = healthyView();
    view.writable = null;
    assert.equal(checkOf(view, 'store'), undefined);
    assert.equal(readiness(view).ready, true);
  });
});

describe('bearerMatches', () => {
  it('accepts only the exact token as a bearer credential', () => {
    assert.equal(bearerMatches('Bearer s3cret-token', 's3cret-token'), true);
    assert.equal(bearerMatches('bearer   s3cret-token ', 's3cret-token'), true);
    assert.equal(bearerMatches(['Bearer s3cret-token'], 's3cret-token'), true);
    assert.equal(bearerMatches('Bearer s3cret-toke', 's3cret-token'), false);
    assert.equal(bearerMatches('Bearer s3cret-token-and-more', 's3cret-token'), false);
    assert.equal(bearerMatches('s3cret-token', 's3cret-token'), false, 'the scheme is required');
    assert.equal(bearerMatches('Basic s3cret-token', 's3cret-token'), false);
    assert.equal(bearerMatches(undefined, 's3cret-token'), false);
    assert.equal(bearerMatches('Bearer ', ''), false, 'an empty token never matches');
  });
});

describe('handleHealth', () => {
  const view = healthyView();
  const metrics = new GatewayMetrics(view);
  metrics.observe(record());
  const endpoints: HealthEndpoints = { readiness: view, metrics, metricsToken: null };
  const server = createServer((req, res) => {
    if (!handleHealth(req, res, endpoints)) {
      res.writeHead(404).end('not mine');
    }
  });
  let base = '';

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('serves /readyz as 200 or 503 with the checks', async () => {
    view.writable = () => true;
    let answer = await fetch(`${base}/readyz`);
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('content-type'), 'application/json');
    assert.equal(((await answer.json()) as { ready: boolean }).ready, true);
    view.writable = () => false;
    answer = await fetch(`${base}/readyz`);
    assert.equal(answer.status, 503);
    const body = (await answer.json()) as { ready: boolean; checks: Array<{ name: string; ok: boolean }> };
    assert.equal(body.ready, false);
    assert.deepEqual(body.checks.find((check) => check.name === 'store'), { name: 'store', ok: false, detail: 'a write to the store failed' });
    view.writable = () => true;
  });

  it('serves /metrics in the exposition format, query string or not', async () => {
    for (const path of ['/metrics', '/metrics?name[]=x']) {
      const answer = await fetch(`${base}${path}`);
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
      const parsed = parseExposition(await answer.text());
      assert.equal(valueOf(parsed, 'llmdoctor_requests_total', { route: 'smart' }), 1);
      assert.equal(valueOf(parsed, 'llmdoctor_key_health', { upstream: 'openai', key: 'bbbbbb', state: 'disabled' }), 1);
    }
  });

  it('answers HEAD without a body, other methods with 405, and leaves other paths alone', async () => {
    const head = await fetch(`${base}/readyz`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
    const post = await fetch(`${base}/metrics`, { method: 'POST', body: 'x' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
    for (const path of ['/healthz', '/metricsx', '/readyz/more', '/v1/chat/completions']) {
      assert.equal((await fetch(`${base}${path}`)).status, 404, path);
    }
  });

  it('requires the metrics token when one is set, and never for /readyz', async () => {
    endpoints.metricsToken = 'metrics-token-0123456789';
    try {
      const missing = await fetch(`${base}/metrics`);
      assert.equal(missing.status, 401);
      assert.equal(missing.headers.get('www-authenticate'), 'Bearer realm="llmdoctor metrics"');
      assert.ok(!(await missing.text()).includes('llmdoctor_requests_total'));
      assert.equal((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer metrics-token-012345678' } })).status, 401);
      assert.equal((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
      const right = await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789' } });
      assert.equal(right.status, 200);
      assert.match(await right.text(), /llmdoctor_requests_total/);
      assert.equal((await fetch(`${base}/readyz`)).status, 200);
    } finally {
      endpoints.metricsToken = null;
    }
  });
});
