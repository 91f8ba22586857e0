import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { probeTcp, tcpOutcomeOf } from '../../src/net/tcp-probe.js';
import { closedPort, hasIpv6Loopback, startBlackHole, startSynBlackHole, type Running } from './support/servers.js';

describe('probeTcp', () => {
  let listening: Running;
  let synBlackHole: Running;
  let refusedPort: number;
  before(async () => {
    listening = await startBlackHole();
    synBlackHole = await startSynBlackHole();
    refusedPort = await closedPort();
  });
  after(async () => {
    await listening.close();
    await synBlackHole.close();
  });

  test('connects over IPv4, with the time it took', async () => {
    const result = await probeTcp('127.0.0.1', listening.port);
    assert.equal(result.outcome, 'connected');
    assert.equal(result.family, 4);
    assert.equal(result.code, null);
    assert.ok(result.ms >= 0);
  });

  test('connects over IPv6 on its own (no fallback to IPv4)', async (t) => {
    if (!(await hasIpv6Loopback())) return t.skip('this machine has no IPv6 loopback (::1)');
    const v6 = await startBlackHole('::1');
    try {
      const result = await probeTcp('::1', v6.port);
      assert.equal(result.outcome, 'connected');
      assert.equal(result.family, 6);
      // The IPv4 server is not on ::1: IPv6 alone is tried, so this is refused.
      assert.equal((await probeTcp('::1', listening.port)).outcome, 'refused');
    } finally {
      await v6.close();
    }
  });

  test('a closed port is refused (ECONNREFUSED)', async () => {
    const result = await probeTcp('127.0.0.1', refusedPort);
    assert.equal(result.outcome, 'refused');
    assert.equal(result.code, 'ECONNREFUSED');
  });

  test('an address that drops SYNs times out within the time box', async () => {
    const started = Date.now();
    const result = await probeTcp('127.0.0.1', synBlackHole.port, { timeoutMs: 400 });
    assert.equal(result.outcome, 'timeout');
    assert.ok(result.ms >= 350, `waited the time box (${result.ms} ms)`);
    assert.ok(Date.now() - started < 3_000);
  });

  test('the run\'s signal aborts a pending connect', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await probeTcp('127.0.0.1', synBlackHole.port, { timeoutMs: 10_000, signal: controller.signal });
    assert.equal(result.outcome, 'aborted');
    assert.ok(result.ms < 2_000);
  });

  test('a host name that does not resolve is "unresolved"', async () => {
    const result = await probeTcp('proxy.doctor-test.invalid', 3128, { timeoutMs: 2_000 });
    assert.ok(['unresolved', 'timeout'].includes(result.outcome), result.outcome);
  });

  test('error codes map to outcomes', () => {
    assert.equal(tcpOutcomeOf('ENETUNREACH'), 'unreachable');
    assert.equal(tcpOutcomeOf('EHOSTUNREACH'), 'unreachable');
    assert.equal(tcpOutcomeOf('EADDRNOTAVAIL'), 'unreachable');
    assert.equal(tcpOutcomeOf('ETIMEDOUT'), 'timeout');
    assert.equal(tcpOutcomeOf('ECONNRESET'), 'reset');
    assert.equal(tcpOutcomeOf('ENOTFOUND'), 'unresolved');
    assert.equal(tcpOutcomeOf('EWHATEVER'), 'error');
  });
});
