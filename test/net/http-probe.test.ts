import assert from 'node:assert/strict';
import { rootCertificates } from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';
import { probeHttp } from '../../src/net/http-probe.js';
import { OPENSSL_MISSING } from './support/binaries.js';
import { closedPort, startBlackHole, startHttps, type Running } from './support/servers.js';
import { makeTestCa, type TestCa } from './support/test-ca.js';

describe('probeHttp', () => {
  let mock: RunningMock;
  let blackHole: Running;
  let refusedPort: number;
  before(async () => {
    mock = await startMock({ seed: 1 });
    blackHole = await startBlackHole();
    refusedPort = await closedPort();
  });
  after(async () => {
    await mock.close();
    await blackHole.close();
  });

  test('any status proves the path: the simulator answers the models path without a key', async () => {
    const result = await probeHttp(`${mock.baseUrls.openai}/models`);
    assert.equal(result.outcome, 'answered');
    assert.equal(result.status, 401);
    assert.match(result.headers['content-type'] ?? '', /json/);
    assert.ok(result.ms >= 0);
  });

  test('a refused port fails with ECONNREFUSED', async () => {
    const result = await probeHttp(`http://127.0.0.1:${refusedPort}/v1`);
    assert.equal(result.outcome, 'failed');
    assert.equal(result.error, 'ECONNREFUSED');
  });

  test('a server that accepts and never answers times out within the time box', async () => {
    const started = Date.now();
    const result = await probeHttp(`http://127.0.0.1:${blackHole.port}/v1`, { timeoutMs: 400 });
    assert.equal(result.outcome, 'timeout');
    assert.equal(result.status, null);
    assert.ok(Date.now() - started < 3_000);
  });

  test('the run\'s signal aborts the request', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await probeHttp(`http://127.0.0.1:${blackHole.port}/v1`, { timeoutMs: 10_000, signal: controller.signal });
    assert.equal(result.outcome, 'aborted');
    assert.ok(result.ms < 2_000);
  });

  test('a pinned address is used instead of resolving the host', async () => {
    const port = new URL(mock.url).port;
    const result = await probeHttp(`http://api.pinned.invalid:${port}/openai/v1/models`, { address: '127.0.0.1' });
    assert.equal(result.outcome, 'answered');
    assert.equal(result.status, 401);
  });

  describe('over TLS', { skip: OPENSSL_MISSING }, () => {
    let ca: TestCa;
    let https: Running;
    before(async () => {
      ca = makeTestCa(['localhost']);
      https = await startHttps(ca);
    });
    after(async () => {
      await https?.close();
      ca?.remove();
    });

    test('an untrusted certificate fails with the verification code', async () => {
      const result = await probeHttp(`https://localhost:${https.port}/v1`, { address: '127.0.0.1' });
      assert.equal(result.outcome, 'failed');
      assert.match(result.error ?? '', /SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
    });

    test('trusted through `ca`, the same server answers', async () => {
      const result = await probeHttp(`https://localhost:${https.port}/v1`, { address: '127.0.0.1', ca: [...rootCertificates, ca.caPem] });
      assert.equal(result.outcome, 'answered');
      assert.equal(result.status, 404);
      assert.equal(result.headers.server, 'llmdoctor-test');
    });
  });
});
