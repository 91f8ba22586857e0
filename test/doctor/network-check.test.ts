import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkNetworkPath } from '../../src/doctor/checks/network.js';
import type { Finding, ProviderTarget } from '../../src/doctor/types.js';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';
import { OPENSSL_MISSING, TINYPROXY_MISSING } from '../net/support/binaries.js';
import { checkContext } from '../net/support/check-context.js';
import { startFakeDns, type FakeDns } from '../net/support/fake-dns.js';
import { closedPort, startBlackHole, startHttps, type Running } from '../net/support/servers.js';
import { makeTestCa, TEST_CA_NAME, type TestCa } from '../net/support/test-ca.js';
import { startEgress, startTinyproxy, type Tinyproxy } from '../net/support/tinyproxy.js';

const IDS = ['net.dns', 'net.tcp4', 'net.tcp6', 'net.tls', 'net.http', 'proxy.connect', 'proxy.node_fetch'];
/** A name this machine cannot resolve; only the proxy's upstream ("the outside network") reaches it. */
const ONLY_VIA_PROXY = 'api.only-via-proxy.invalid';
const PROXY_PASSWORD = 'pa55-w0rd-9f3k';

let mock: RunningMock;
let key: string;
let refusedPort: number;
let blackHole: Running;
let dns: FakeDns;

function target(baseUrl: string, baseUrlSource = 'environment OPENAI_BASE_URL'): ProviderTarget {
  return { provider: 'openai', key, keySource: 'environment OPENAI_API_KEY', baseUrl, baseUrlSource, organization: null, project: null };
}

async function run(baseUrl: string, env: Record<string, string | undefined> = {}, options: { signal?: AbortSignal; offline?: boolean; source?: string } = {}) {
  const context = checkContext(env, options);
  await checkNetworkPath(target(baseUrl, options.source), context.ctx, { dnsServers: [dns.server] });
  assert.deepEqual(context.findings.map((f) => f.check).sort(), [...IDS].sort(), 'each check reported exactly once');
  assertNoSecrets(context.findings);
  return context;
}

function assertNoSecrets(findings: Finding[]): void {
  const text = JSON.stringify(findings);
  assert.ok(!text.includes(key), 'no finding contains the whole key');
  assert.ok(!text.includes(PROXY_PASSWORD), 'no finding contains the proxy password');
}

before(async () => {
  mock = await startMock({ seed: 1 });
  key = mock.issueKey('openai');
  refusedPort = await closedPort();
  blackHole = await startBlackHole();
  dns = await startFakeDns({
    'api.blocked.invalid': { a: ['0.0.0.0'] },
    'api.hijacked.invalid': { a: ['10.10.10.10'] },
    'api.dual.invalid': { a: ['127.0.0.1'], aaaa: ['::1'] },
  });
});
after(async () => {
  await mock.close();
  await blackHole.close();
  await dns.close();
});

describe('checkNetworkPath: the direct path', () => {
  test('everything answers: the simulator over http://', async () => {
    const { byCheck } = await run(mock.baseUrls.openai);
    assert.equal(byCheck('net.dns').status, 'pass');
    assert.match(byCheck('net.dns').title, /IP address: no DNS lookup/);
    assert.equal(byCheck('net.tcp4').status, 'pass');
    assert.match(byCheck('net.tcp4').title, /127\.0\.0\.1:\d+ in \d+ ms/);
    assert.equal(byCheck('net.tcp6').status, 'skip');
    assert.equal(byCheck('net.tls').status, 'skip');
    assert.equal(byCheck('net.http').status, 'pass');
    assert.match(byCheck('net.http').title, /answered \d{3} in \d+ ms/);
    assert.equal(byCheck('proxy.connect').status, 'skip');
    assert.equal(byCheck('proxy.node_fetch').status, 'skip');
  });

  test('an unresolvable host (*.invalid) fails DNS and skips the rest', async () => {
    const { byCheck } = await run('https://api.doctor-test.invalid/v1');
    const finding = byCheck('net.dns');
    assert.equal(finding.status, 'fail');
    assert.equal(finding.category, 'network_dns');
    assert.match(finding.title, /api\.doctor-test\.invalid/);
    assert.match(finding.fixes[0]!, /environment OPENAI_BASE_URL/);
    assert.ok(finding.fixes.some((fix) => /getent hosts api\.doctor-test\.invalid/.test(fix)));
    for (const check of ['net.tcp4', 'net.tcp6', 'net.tls', 'net.http']) assert.equal(byCheck(check).status, 'skip');
  });

  test('a refused port fails TCP with the cause and the fix', async () => {
    const { byCheck } = await run(`http://127.0.0.1:${refusedPort}/v1`);
    const finding = byCheck('net.tcp4');
    assert.equal(finding.status, 'fail');
    assert.equal(finding.category, 'network_connect');
    assert.match(finding.title, /refused \(ECONNREFUSED\)/);
    assert.match(finding.fixes[0]!, /Nothing listens on 127\.0\.0\.1:\d+/);
    assert.equal(byCheck('net.http').status, 'skip');
  });

  test('a server that accepts and never answers: http:// fails at the request, within its time box', async () => {
    const started = Date.now();
    const { byCheck } = await run(`http://127.0.0.1:${blackHole.port}/v1`);
    assert.equal(byCheck('net.tcp4').status, 'pass');
    const finding = byCheck('net.http');
    assert.equal(finding.status, 'fail');
    assert.equal(finding.category, 'timeout');
    assert.match(finding.title, /no response headers within \d+ ms/);
    assert.ok(Date.now() - started < 10_000, 'bounded by the HTTP time box');
  });

  test('DNS that answers 0.0.0.0 for the API host is a block, and nothing connects to it', async () => {
    const { byCheck } = await run('https://api.blocked.invalid/v1');
    const finding = byCheck('net.dns');
    assert.equal(finding.status, 'fail');
    assert.equal(finding.category, 'network_dns');
    assert.match(finding.title, /DNS blocks api\.blocked\.invalid: it answers 0\.0\.0\.0/);
    assert.ok(finding.fixes.some((fix) => /nslookup api\.blocked\.invalid 1\.1\.1\.1/.test(fix)));
    assert.equal(byCheck('net.tcp4').status, 'skip');
  });

  test('a private answer for the provider\'s own host looks poisoned; for a relay host it is fine', async () => {
    const official = await run('https://api.hijacked.invalid/v1', {}, { source: 'default' });
    assert.equal(official.byCheck('net.dns').status, 'fail');
    assert.match(official.byCheck('net.dns').title, /looks poisoned: 10\.10\.10\.10/);
    assert.equal(official.byCheck('net.tcp4').status, 'skip');
    const relay = await run(`http://api.dual.invalid:${refusedPort}/v1`);
    assert.equal(relay.byCheck('net.dns').status, 'pass');
  });

  test('the run\'s time box stops a hanging step promptly and says what it waited for', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    const { byCheck } = await run(`https://127.0.0.1:${blackHole.port}/v1`, {}, { signal: controller.signal });
    assert.ok(Date.now() - started < 2_000, `returned ${Date.now() - started} ms after start`);
    const finding = byCheck('net.tls');
    assert.equal(finding.status, 'fail');
    assert.match(finding.title, /Stopped: .*TLS handshake/);
  });

  test('--offline and an unusable base URL skip every network check', async () => {
    const offline = await run(mock.baseUrls.openai, {}, { offline: true });
    assert.ok(offline.findings.every((f) => f.status === 'skip' && /--offline/.test(f.title)));
    const broken = await run('api.openai.com/v1');
    assert.ok(broken.findings.every((f) => f.status === 'skip' && /not a URL/.test(f.title)));
  });
});

describe('checkNetworkPath: TLS and IPv6', { skip: OPENSSL_MISSING }, () => {
  let ca: TestCa;
  let https: Running;
  before(async () => {
    ca = makeTestCa(['localhost', '127.0.0.1', 'api.dual.invalid', ONLY_VIA_PROXY]);
    https = await startHttps(ca);
  });
  after(async () => {
    await https?.close();
    ca?.remove();
  });

  test('an unknown issuer is TLS interception: names the issuer and how to trust the CA', async () => {
    const { byCheck } = await run(`https://127.0.0.1:${https.port}/v1`, {}, { source: 'default' });
    const finding = byCheck('net.tls');
    assert.equal(finding.status, 'fail');
    assert.equal(finding.category, 'network_tls');
    assert.match(finding.title, /^TLS interception: 127\.0\.0\.1's certificate is issued by "CN=llmdoctor Test Interception CA/);
    const relay = await run(`https://127.0.0.1:${https.port}/v1`);
    assert.match(relay.byCheck('net.tls').title, /^TLS interception or a private CA:/, 'a relay host may use its own CA');
    assert.ok(finding.title.includes(TEST_CA_NAME), finding.title);
    assert.ok(finding.fixes.some((fix) => fix.includes('NODE_EXTRA_CA_CERTS=')));
    assert.ok(finding.fixes.some((fix) => fix.includes('NODE_TLS_REJECT_UNAUTHORIZED=0')), 'warns off the wrong fix');
    assert.equal(byCheck('net.http').status, 'skip');
  });

  test('the same server passes once NODE_EXTRA_CA_CERTS names its CA', async () => {
    const { byCheck } = await run(`https://127.0.0.1:${https.port}/v1`, { NODE_EXTRA_CA_CERTS: ca.caPath });
    const finding = byCheck('net.tls');
    assert.equal(finding.status, 'pass');
    assert.match(finding.detail, /Trusted through NODE_EXTRA_CA_CERTS/);
    assert.ok(finding.detail.includes(TEST_CA_NAME));
    assert.equal(byCheck('net.http').status, 'pass');
  });

  test('a server that accepts and never answers: https:// fails at the TLS handshake, within its time box', async () => {
    const started = Date.now();
    const { byCheck } = await run(`https://127.0.0.1:${blackHole.port}/v1`);
    const finding = byCheck('net.tls');
    assert.equal(finding.status, 'fail');
    assert.equal(finding.category, 'timeout');
    assert.match(finding.title, /no answer within \d+ ms/);
    assert.ok(Date.now() - started < 8_000);
  });

  test('broken IPv6 with working IPv4 is named, with the Node fix', async () => {
    const { byCheck } = await run(`https://api.dual.invalid:${https.port}/v1`, { NODE_EXTRA_CA_CERTS: ca.caPath });
    assert.equal(byCheck('net.dns').status, 'pass');
    assert.equal(byCheck('net.tcp4').status, 'pass');
    const v6 = byCheck('net.tcp6');
    assert.equal(v6.status, 'warn');
    assert.equal(v6.category, 'network_connect');
    assert.match(v6.title, /IPv6 is broken here: \[::1\]:\d+ .*while IPv4 connects/);
    assert.ok(v6.fixes.some((fix) => fix.includes('--dns-result-order=ipv4first') && fix.includes('NODE_OPTIONS')));
    assert.equal(byCheck('net.tls').status, 'pass');
    assert.equal(byCheck('net.http').status, 'pass');
  });
});

describe('checkNetworkPath: through a real tinyproxy', { skip: TINYPROXY_MISSING || OPENSSL_MISSING }, () => {
  let ca: TestCa;
  let https: Running;
  let open: Tinyproxy;
  let guarded: Tinyproxy;
  let gateway: Tinyproxy;
  let egress: Running & { requests: string[] };
  before(async () => {
    ca = makeTestCa(['localhost', '127.0.0.1', ONLY_VIA_PROXY]);
    https = await startHttps(ca);
    open = await startTinyproxy();
    guarded = await startTinyproxy({ basicAuth: { user: 'doctor', password: PROXY_PASSWORD } });
    egress = await startEgress(https.port);
    gateway = await startTinyproxy({ upstream: { port: egress.port, domain: '.only-via-proxy.invalid' } });
  });
  after(async () => {
    for (const running of [open, guarded, gateway, egress, https]) await running?.close();
    ca?.remove();
  });

  test('the classic trap: the direct path fails while the proxy works; the fix for Node', async () => {
    const base = `https://${ONLY_VIA_PROXY}:${https.port}/v1`;
    const { byCheck } = await run(base, { HTTPS_PROXY: gateway.url, NODE_EXTRA_CA_CERTS: ca.caPath });
    assert.equal(byCheck('net.dns').status, 'fail');
    assert.match(byCheck('net.dns').detail, /Direct, without the proxy/);
    const connect = byCheck('proxy.connect');
    assert.equal(connect.status, 'pass', JSON.stringify(connect));
    assert.match(connect.title, /Through the proxy: TLS/);
    assert.match(connect.detail, /CONNECT answered 200/);
    assert.ok(egress.requests.some((line) => line.startsWith(`CONNECT ${ONLY_VIA_PROXY}:${https.port}`)), 'the proxy went there');
    const trap = byCheck('proxy.node_fetch');
    assert.equal(trap.status, 'fail');
    assert.equal(trap.category, 'network_proxy');
    assert.match(trap.title, /direct path fails while the proxy works: curl honours HTTPS_PROXY, Node's fetch does not/);
    assert.match(trap.detail, /Direct \(what Node's fetch does\): DNS: api\.only-via-proxy\.invalid did not resolve/);
    const fixes = trap.fixes.join('\n');
    assert.match(fixes, /NODE_USE_ENV_PROXY=1/);
    assert.match(fixes, /--use-env-proxy/);
    assert.match(fixes, /setGlobalDispatcher\(new EnvHttpProxyAgent\(\)\)/);
    assert.match(fixes, /fetchOptions/);
  });

  test('with NODE_USE_ENV_PROXY=1 Node is told to use the proxy (and this Node\'s version is weighed)', async () => {
    const base = `https://${ONLY_VIA_PROXY}:${https.port}/v1`;
    const { byCheck } = await run(base, { HTTPS_PROXY: gateway.url, NODE_EXTRA_CA_CERTS: ca.caPath, NODE_USE_ENV_PROXY: '1' });
    const finding = byCheck('proxy.node_fetch');
    const major = Number(process.versions.node.split('.')[0]);
    assert.equal(finding.status, major >= 24 ? 'pass' : 'warn');
    assert.match(finding.title, /NODE_USE_ENV_PROXY/);
  });

  test('both paths work: Node\'s fetch bypasses the proxy (a warning)', async () => {
    const { byCheck } = await run(`https://localhost:${https.port}/v1`, { https_proxy: open.url, NODE_EXTRA_CA_CERTS: ca.caPath });
    assert.equal(byCheck('net.http').status, 'pass');
    assert.equal(byCheck('proxy.connect').status, 'pass');
    const finding = byCheck('proxy.node_fetch');
    assert.equal(finding.status, 'warn');
    assert.match(finding.title, /bypasses https_proxy/);
  });

  test('a proxy that wants credentials: 407, then the same proxy with them works', async () => {
    const base = `https://localhost:${https.port}/v1`;
    const without = await run(base, { HTTPS_PROXY: guarded.url, NODE_EXTRA_CA_CERTS: ca.caPath });
    const refused = without.byCheck('proxy.connect');
    assert.equal(refused.status, 'fail');
    assert.equal(refused.category, 'network_proxy');
    assert.match(refused.title, /requires authentication \(407/);
    assert.match(refused.fixes[0]!, /http:\/\/USER:PASSWORD@127\.0\.0\.1:\d+/);
    const wrong = await run(base, { HTTPS_PROXY: `http://doctor:wrong-one@127.0.0.1:${guarded.port}`, NODE_EXTRA_CA_CERTS: ca.caPath });
    assert.match(wrong.byCheck('proxy.connect').title, /rejected the credentials in HTTPS_PROXY/);
    const withCredentials = await run(base, { HTTPS_PROXY: `http://doctor:${PROXY_PASSWORD}@127.0.0.1:${guarded.port}`, NODE_EXTRA_CA_CERTS: ca.caPath });
    const finding = withCredentials.byCheck('proxy.connect');
    assert.equal(finding.status, 'pass');
    assert.match(finding.detail, /http:\/\/doctor:\*\*\*@127\.0\.0\.1/);
  });

  test('the proxy re-signing TLS is caught through the tunnel too', async () => {
    const { byCheck } = await run(`https://localhost:${https.port}/v1`, { HTTPS_PROXY: open.url });
    const finding = byCheck('proxy.connect');
    assert.equal(finding.status, 'fail');
    assert.equal(finding.category, 'network_tls');
    assert.match(finding.title, /Through the proxy: TLS interception/);
  });

  test('a proxy that is down, while the direct path works', async () => {
    const { byCheck } = await run(`https://localhost:${https.port}/v1`, { HTTPS_PROXY: `http://127.0.0.1:${refusedPort}`, NODE_EXTRA_CA_CERTS: ca.caPath });
    const finding = byCheck('proxy.connect');
    assert.equal(finding.status, 'fail');
    assert.match(finding.title, /unreachable: refused \(ECONNREFUSED\)/);
    assert.equal(byCheck('proxy.node_fetch').status, 'warn');
  });

  test('NO_PROXY exempts the host: no proxy to check', async () => {
    const { byCheck } = await run(`https://localhost:${https.port}/v1`, { HTTPS_PROXY: open.url, NO_PROXY: 'localhost', NODE_EXTRA_CA_CERTS: ca.caPath });
    assert.equal(byCheck('proxy.connect').status, 'skip');
    assert.match(byCheck('proxy.connect').detail, /NO_PROXY entry "localhost"/);
  });
});
