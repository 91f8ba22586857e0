import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { maskProxyUrl, matchNoProxy, parseProxy, proxyForUrl, readProxyEnvironment } from '../../src/net/proxy-env.js';

const API = 'https://api.openai.com/v1';

describe('proxyForUrl', () => {
  test('nothing set: no proxy', () => {
    assert.deepEqual(proxyForUrl(API, {}), { proxy: null, bypassedBy: null });
  });

  test('HTTPS_PROXY applies to https:// URLs, in either case; the lowercase one wins', () => {
    assert.equal(proxyForUrl(API, { HTTPS_PROXY: 'http://10.0.0.1:3128' }).proxy?.host, '10.0.0.1');
    assert.equal(proxyForUrl(API, { https_proxy: 'http://10.0.0.2:3128' }).proxy?.host, '10.0.0.2');
    const both = proxyForUrl(API, { HTTPS_PROXY: 'http://upper:3128', https_proxy: 'http://lower:3128' });
    assert.equal(both.proxy?.host, 'lower');
    assert.equal(both.proxy?.variable, 'https_proxy');
  });

  test('http:// URLs use HTTP_PROXY; ALL_PROXY is the fallback for both', () => {
    assert.equal(proxyForUrl('http://127.0.0.1:8787/openai/v1', { HTTP_PROXY: 'http://p:8080', HTTPS_PROXY: 'http://q:8080' }).proxy?.host, 'p');
    assert.equal(proxyForUrl(API, { ALL_PROXY: 'http://all:1' }).proxy?.variable, 'ALL_PROXY');
    assert.equal(proxyForUrl(API, { HTTP_PROXY: 'http://p:8080' }).proxy, null, 'curl does not use HTTP_PROXY for https://');
  });

  test('NO_PROXY exempts hosts: exact, suffix, leading dot or *., port, CIDR, *', () => {
    const env = (noProxy: string) => ({ HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: noProxy });
    assert.equal(proxyForUrl(API, env('api.openai.com')).bypassedBy, 'api.openai.com');
    assert.equal(proxyForUrl(API, env('localhost, openai.com')).bypassedBy, 'openai.com');
    assert.equal(proxyForUrl(API, env('.openai.com')).bypassedBy, '.openai.com');
    assert.equal(proxyForUrl(API, env('*.openai.com')).bypassedBy, '*.openai.com');
    assert.equal(proxyForUrl(API, env('notopenai.com')).proxy?.host, 'proxy', 'a suffix must start at a dot');
    assert.equal(proxyForUrl(API, env('api.openai.com:8443')).proxy?.host, 'proxy', 'another port does not match');
    assert.equal(proxyForUrl(API, env('api.openai.com:443')).bypassedBy, 'api.openai.com:443');
    assert.equal(proxyForUrl('https://10.1.2.3/v1', env('10.0.0.0/8')).bypassedBy, '10.0.0.0/8');
    assert.equal(proxyForUrl('https://[::1]:8787/v1', env('::1')).bypassedBy, '::1');
    assert.equal(proxyForUrl(API, env('*')).bypassedBy, '*');
    assert.equal(proxyForUrl(API, { ...env('x'), no_proxy: 'api.openai.com' }).bypassedBy, 'api.openai.com', 'lowercase no_proxy wins');
  });

  test('matchNoProxy on its own', () => {
    assert.equal(matchNoProxy('generativelanguage.googleapis.com', 443, ['googleapis.com']), 'googleapis.com');
    assert.equal(matchNoProxy('api.anthropic.com', 443, ['openai.com']), null);
  });
});

describe('parseProxy', () => {
  test('credentials are decoded for use and masked for display', () => {
    const proxy = parseProxy('HTTPS_PROXY', 'http://alice:s3cr%40t@proxy.corp:3128');
    assert.equal(proxy.username, 'alice');
    assert.equal(proxy.password, 's3cr@t');
    assert.equal(proxy.display, 'http://alice:***@proxy.corp:3128');
    assert.deepEqual(proxy.problems, []);
    assert.equal(proxy.usable, true);
    assert.equal(maskProxyUrl('http://bob:hunter2@10.0.0.1:8080'), 'http://bob:***@10.0.0.1:8080');
  });

  test('an unencoded @ in the password is masked whole, up to the last @ as URL parsers read it', () => {
    assert.equal(maskProxyUrl('http://bob:hun@ter2@10.0.0.1:8080'), 'http://bob:***@10.0.0.1:8080');
    assert.equal(parseProxy('HTTPS_PROXY', 'carol:pa@ss@proxy.corp:3128').display, 'carol:***@proxy.corp:3128');
  });

  test('problems that make clients disagree are named', () => {
    assert.match(parseProxy('HTTPS_PROXY', '127.0.0.1:7890').problems.join(), /no scheme/);
    assert.equal(parseProxy('HTTPS_PROXY', '127.0.0.1:7890').port, 7890);
    assert.match(parseProxy('ALL_PROXY', 'socks5://127.0.0.1:7891').problems.join(), /SOCKS/);
    assert.match(parseProxy('HTTPS_PROXY', 'https://127.0.0.1:7890').problems.join(), /plain HTTP/);
    assert.match(parseProxy('HTTPS_PROXY', 'http://proxy.corp').problems.join(), /no port/);
    assert.match(parseProxy('HTTPS_PROXY', 'http://me:p@ss@proxy:3128').problems.join(), /%40/);
    assert.equal(parseProxy('HTTPS_PROXY', 'http://[bad').usable, false);
  });
});

describe('readProxyEnvironment', () => {
  test('lists every variable set (values masked), conflicts and client differences', () => {
    const proxies = readProxyEnvironment({
      HTTPS_PROXY: 'http://u:pw@a:1', https_proxy: 'http://b:2', HTTP_PROXY: 'http://c:3', ALL_PROXY: 'socks5://d:4', NO_PROXY: 'localhost',
    });
    assert.deepEqual(proxies.variables.map((v) => v.name), ['https_proxy', 'HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'NO_PROXY']);
    assert.ok(!JSON.stringify(proxies.variables).includes('pw'), 'no password in the listing');
    assert.deepEqual(proxies.conflicts, ['https_proxy and HTTPS_PROXY differ; the lowercase one wins (curl, Python, undici)']);
    assert.equal(proxies.https?.host, 'b');
    assert.equal(proxies.http?.host, 'c');
    assert.deepEqual(proxies.noProxy, { variable: 'NO_PROXY', entries: ['localhost'] });
    assert.ok(proxies.notes.some((note) => /uppercase HTTP_PROXY/.test(note)));
  });

  test('a lone HTTP_PROXY and a lone ALL_PROXY are explained', () => {
    assert.ok(readProxyEnvironment({ HTTP_PROXY: 'http://c:3' }).notes.some((n) => /HTTPS_PROXY is not/.test(n)));
    assert.ok(readProxyEnvironment({ ALL_PROXY: 'http://c:3' }).notes.some((n) => /not by Node/.test(n)));
    assert.deepEqual(readProxyEnvironment({ HTTPS_PROXY: 'http://c:3', HTTP_PROXY: 'http://c:3', http_proxy: 'http://c:3' }).notes, []);
  });

  test('empty values count as unset', () => {
    assert.deepEqual(readProxyEnvironment({ HTTPS_PROXY: '', NO_PROXY: '  ' }).variables, []);
  });
});
