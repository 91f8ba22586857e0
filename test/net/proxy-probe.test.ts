import assert from 'node:assert/strict';
import { rootCertificates } from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { parseProxy } from '../../src/net/proxy-env.js';
import { probeProxyReach, probeThroughProxy } from '../../src/net/proxy-probe.js';
import { probeTls } from '../../src/net/tls-probe.js';
import { OPENSSL_MISSING, TINYPROXY_MISSING } from './support/binaries.js';
import { closedPort, startBlackHole, startHttp, startHttps, type Running } from './support/servers.js';
import { makeTestCa, type TestCa } from './support/test-ca.js';
import { startTinyproxy, type Tinyproxy } from './support/tinyproxy.js';

describe('proxy probes against a real tinyproxy', { skip: TINYPROXY_MISSING || OPENSSL_MISSING }, () => {
  let ca: TestCa;
  let https: Running;
  let http: Running;
  let blackHole: Running;
  let open: Tinyproxy;
  let guarded: Tinyproxy;
  let refusedPort: number;
  before(async () => {
    ca = makeTestCa(['localhost', '127.0.0.1']);
    https = await startHttps(ca);
    http = await startHttp();
    blackHole = await startBlackHole();
    open = await startTinyproxy();
    guarded = await startTinyproxy({ basicAuth: { user: 'doctor', password: 'pa55-w0rd' } });
    refusedPort = await closedPort();
  });
  after(async () => {
    for (const running of [open, guarded, https, http, blackHole]) await running?.close();
    ca?.remove();
  });

  test('reach: the proxy accepts connections; a closed port is refused', async () => {
    assert.equal((await probeProxyReach(parseProxy('HTTPS_PROXY', open.url))).outcome, 'connected');
    const down = await probeProxyReach(parseProxy('HTTPS_PROXY', `http://127.0.0.1:${refusedPort}`));
    assert.equal(down.outcome, 'refused');
  });

  test('CONNECT opens a tunnel; TLS through it reaches the destination', async () => {
    const target = new URL(`https://localhost:${https.port}/v1`);
    const result = await probeThroughProxy(parseProxy('HTTPS_PROXY', open.url), target);
    assert.equal(result.outcome, 'answered');
    assert.equal(result.status, 200);
    assert.equal(result.request, `CONNECT localhost:${https.port}`);
    assert.match(JSON.stringify(result.headers), /tinyproxy/);
    assert.ok(result.tunnel);
    const tls = await probeTls('localhost', { socket: result.tunnel!, port: https.port, ca: [...rootCertificates, ca.caPem] });
    assert.equal(tls.outcome, 'authorized');
    assert.match(tls.certificate!.issuer, /llmdoctor Test Interception CA/);
  });

  test('an http:// destination is fetched in absolute form', async () => {
    const result = await probeThroughProxy(parseProxy('HTTP_PROXY', open.url), new URL(`http://127.0.0.1:${http.port}/v1/models`));
    assert.equal(result.request, `GET http://127.0.0.1:${http.port}/v1/models`);
    assert.equal(result.status, 404, 'the destination\'s own answer, relayed');
    assert.equal(result.tunnel, null);
  });

  test('basic auth: no credentials gets 407 with Proxy-Authenticate', async () => {
    const result = await probeThroughProxy(parseProxy('HTTPS_PROXY', guarded.url), new URL(`https://localhost:${https.port}/`));
    assert.equal(result.status, 407);
    assert.equal(result.sentCredentials, false);
    assert.match(result.headers['proxy-authenticate'] ?? '', /Basic/i);
  });

  test('basic auth: wrong credentials are refused, right ones open the tunnel', async () => {
    const wrong = await probeThroughProxy(parseProxy('HTTPS_PROXY', `http://doctor:nope@127.0.0.1:${guarded.port}`), new URL(`https://localhost:${https.port}/`));
    // tinyproxy answers bad credentials with 401 (not 407); only the proxy can answer a CONNECT.
    assert.ok(wrong.status === 407 || wrong.status === 401, String(wrong.status));
    assert.equal(wrong.sentCredentials, true);
    const right = await probeThroughProxy(parseProxy('HTTPS_PROXY', `http://doctor:pa55-w0rd@127.0.0.1:${guarded.port}`), new URL(`https://localhost:${https.port}/`));
    assert.equal(right.status, 200);
    right.tunnel?.destroy();
  });

  test('the proxy\'s error for a destination it cannot reach is seen as sent', async () => {
    const result = await probeThroughProxy(parseProxy('HTTPS_PROXY', open.url), new URL(`https://127.0.0.1:${refusedPort}/`));
    assert.equal(result.outcome, 'answered');
    assert.ok(result.status !== null && result.status >= 400, String(result.status));
  });

  test('an unreachable proxy and a proxy that never answers are told apart', async () => {
    const target = new URL(`https://localhost:${https.port}/`);
    const down = await probeThroughProxy(parseProxy('HTTPS_PROXY', `http://127.0.0.1:${refusedPort}`), target);
    assert.equal(down.outcome, 'unreachable');
    assert.equal(down.tcp?.outcome, 'refused');
    const started = Date.now();
    const silent = await probeThroughProxy(parseProxy('HTTPS_PROXY', `http://127.0.0.1:${blackHole.port}`), target, { timeoutMs: 400 });
    assert.equal(silent.outcome, 'timeout');
    assert.equal(silent.tcp?.outcome, 'connected');
    assert.ok(Date.now() - started < 3_000);
  });
});
