import assert from 'node:assert/strict';
import { rootCertificates } from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { describeCertificate, probeTls, rootOf, verifyProblemOf } from '../../src/net/tls-probe.js';
import { trustStoreFor } from '../../src/net/trust-store.js';
import { OPENSSL_MISSING } from './support/binaries.js';
import { startBlackHole, startHttp, startHttps, type Running } from './support/servers.js';
import { makeTestCa, type TestCa } from './support/test-ca.js';

describe('probeTls', { skip: OPENSSL_MISSING }, () => {
  let ca: TestCa;
  let https: Running;
  let blackHole: Running;
  let plainHttp: Running;
  before(async () => {
    ca = makeTestCa(['localhost', '127.0.0.1']);
    https = await startHttps(ca);
    blackHole = await startBlackHole();
    plainHttp = await startHttp();
  });
  after(async () => {
    await https?.close();
    await blackHole?.close();
    await plainHttp?.close();
    ca?.remove();
  });

  test('a certificate from an unknown CA is rejected with the verification code and its issuer', async () => {
    const result = await probeTls('localhost', { address: '127.0.0.1', port: https.port });
    assert.equal(result.outcome, 'rejected');
    assert.equal(verifyProblemOf(result.verifyError ?? ''), 'unknown-issuer', String(result.verifyError));
    assert.match(result.certificate!.issuer, /llmdoctor Test Interception CA/);
    assert.equal(rootOf(result)?.subject.includes('llmdoctor Test Interception CA'), true);
    assert.equal(result.tcp?.outcome, 'connected');
    assert.ok(result.handshakeMs !== null);
  });

  test('the same server passes once its CA is trusted', async () => {
    const result = await probeTls('localhost', { address: '127.0.0.1', port: https.port, ca: [...rootCertificates, ca.caPem] });
    assert.equal(result.outcome, 'authorized');
    assert.equal(result.verifyError, null);
    assert.ok(result.certificate!.altNames.includes('localhost'));
    assert.ok(result.certificate!.altNames.includes('127.0.0.1'));
    assert.match(result.protocol ?? '', /^TLSv1\.[23]$/);
    assert.match(describeCertificate(result.certificate!), /CN=localhost, issued by CN=llmdoctor Test Interception CA/);
  });

  test('NODE_EXTRA_CA_CERTS from the examined environment is what makes it trusted', async () => {
    const store = await trustStoreFor({ NODE_EXTRA_CA_CERTS: ca.caPath });
    assert.equal(store.extra?.certificates, 1);
    assert.equal(store.extra?.error, null);
    const result = await probeTls('127.0.0.1', { port: https.port, ca: store.ca });
    assert.equal(result.outcome, 'authorized', 'an IP address is checked against the IP entries');
    const missing = await trustStoreFor({ NODE_EXTRA_CA_CERTS: '/nonexistent/ca.pem' });
    assert.match(missing.extra?.error ?? '', /ENOENT/);
  });

  test('a certificate that does not name the host is a name mismatch', async () => {
    const result = await probeTls('api.other.invalid', { address: '127.0.0.1', port: https.port, ca: [ca.caPem] });
    assert.equal(result.outcome, 'rejected');
    assert.equal(verifyProblemOf(result.verifyError ?? ''), 'name-mismatch');
  });

  test('a server that accepts and never answers times out within the time box', async () => {
    const started = Date.now();
    const result = await probeTls('localhost', { address: '127.0.0.1', port: blackHole.port, timeoutMs: 400 });
    assert.equal(result.outcome, 'timeout');
    assert.equal(result.tcp?.outcome, 'connected');
    assert.ok(Date.now() - started < 3_000);
  });

  test('a plain HTTP port fails the handshake', async () => {
    const result = await probeTls('localhost', { address: '127.0.0.1', port: plainHttp.port, timeoutMs: 2_000 });
    assert.equal(result.outcome, 'failed');
    assert.ok(result.error, 'says why');
  });

  test('the run\'s signal aborts a pending handshake', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await probeTls('localhost', { address: '127.0.0.1', port: blackHole.port, timeoutMs: 10_000, signal: controller.signal });
    assert.equal(result.outcome, 'aborted');
  });
});
