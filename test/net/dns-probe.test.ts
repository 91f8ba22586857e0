import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addressKind } from '../../src/net/address-kind.js';
import { probeDns } from '../../src/net/dns-probe.js';
import { startFakeDns, type FakeDns } from './support/fake-dns.js';

describe('probeDns', () => {
  let poisoning: FakeDns;
  let silent: FakeDns;
  before(async () => {
    poisoning = await startFakeDns({
      'api.blocked.invalid': { a: ['0.0.0.0'], aaaa: ['::'] },
      'api.umbrella.invalid': { a: ['146.112.61.106'] },
      'api.dual.invalid': { a: ['203.0.113.7'], aaaa: ['2001:db8::7'] },
    });
    silent = await startFakeDns('silent');
  });
  after(async () => {
    await poisoning.close();
    await silent.close();
  });

  test('an IP address needs no lookup', async () => {
    const result = await probeDns('127.0.0.1');
    assert.equal(result.literal, true);
    assert.deepEqual(result.system.addresses, ['127.0.0.1']);
    assert.deepEqual(result.a.addresses, ['127.0.0.1']);
    assert.deepEqual(result.aaaa.addresses, []);
    assert.equal((await probeDns('[::1]')).aaaa.addresses[0], '::1');
  });

  test('localhost resolves through getaddrinfo (the hosts file), as Node connects', async () => {
    const result = await probeDns('localhost');
    assert.equal(result.literal, false);
    assert.ok(result.system.addresses.some((a) => a === '127.0.0.1' || a === '::1'), JSON.stringify(result.system));
    assert.deepEqual(result.suspicious.filter((s) => s.address === '127.0.0.1').map((s) => s.kind), ['loopback']);
  });

  test('an unresolvable host (*.invalid) ends with an error code, not a hang', async () => {
    const result = await probeDns('api.doctor-test.invalid', { timeoutMs: 2_000 });
    assert.deepEqual(result.system.addresses, []);
    assert.ok(result.system.error, 'getaddrinfo says why');
    assert.deepEqual(result.a.addresses, []);
    assert.ok(result.a.error);
  });

  test('A and AAAA are asked separately, each timed', async () => {
    const result = await probeDns('api.dual.invalid', { servers: [poisoning.server] });
    assert.deepEqual(result.a.addresses, ['203.0.113.7']);
    assert.deepEqual(result.aaaa.addresses, ['2001:db8::7']);
    assert.equal(result.a.error, null);
    assert.ok(result.a.ms >= 0 && result.aaaa.ms >= 0);
    assert.deepEqual(result.servers, [poisoning.server]);
    assert.deepEqual(result.suspicious, []);
  });

  test('a filtering resolver\'s 0.0.0.0 / :: and a block-page address are flagged', async () => {
    const blocked = await probeDns('api.blocked.invalid', { servers: [poisoning.server] });
    assert.deepEqual(blocked.suspicious.map((s) => [s.address, s.kind]), [['0.0.0.0', 'unspecified'], ['::', 'unspecified']]);
    const umbrella = await probeDns('api.umbrella.invalid', { servers: [poisoning.server] });
    assert.equal(umbrella.suspicious[0]?.kind, 'block-page');
    assert.match(umbrella.suspicious[0]!.meaning, /Umbrella/);
    assert.equal(umbrella.aaaa.error, 'ENODATA', 'no AAAA record is "no data", not a failure');
  });

  test('a DNS server that never answers is cut off by the time box', async () => {
    const started = Date.now();
    const result = await probeDns('api.silent.invalid', { servers: [silent.server], timeoutMs: 300 });
    assert.ok(['timeout', 'ETIMEOUT'].includes(result.a.error ?? ''), String(result.a.error));
    assert.ok(Date.now() - started < 2_500, 'bounded by the time box');
  });

  test('the run\'s signal stops the probe', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const result = await probeDns('api.silent.invalid', { servers: [silent.server], timeoutMs: 10_000, signal: controller.signal });
    assert.equal(result.a.error, 'aborted');
    assert.ok(Date.now() - started < 2_500);
  });
});

describe('addressKind', () => {
  const cases: Array<[string, string]> = [
    ['0.0.0.0', 'unspecified'], ['::', 'unspecified'], ['127.0.0.1', 'loopback'], ['127.8.8.8', 'loopback'], ['::1', 'loopback'],
    ['10.1.2.3', 'private'], ['172.20.0.1', 'private'], ['192.168.1.1', 'private'], ['fd00::2', 'private'],
    ['169.254.169.254', 'link-local'], ['fe80::1', 'link-local'], ['100.64.0.1', 'shared'], ['198.18.0.42', 'fake-ip'],
    ['146.112.61.104', 'block-page'], ['146.112.61.110', 'block-page'], ['::ffff:10.0.0.1', 'private'],
    ['104.18.6.192', 'public'], ['172.32.0.1', 'public'], ['2606:4700::6812:6c0', 'public'], ['146.112.61.112', 'public'],
  ];
  for (const [address, kind] of cases) test(`${address} is ${kind}`, () => assert.equal(addressKind(address), kind));
});
