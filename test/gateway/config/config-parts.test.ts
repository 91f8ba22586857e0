import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closestName } from '../../../src/gateway/config/closest-name.js';
import { checkHttpUrl, displayUrl, withoutTrailingSlashes } from '../../../src/gateway/config/http-url.js';
import { interpolate } from '../../../src/gateway/config/interpolate.js';
import { keyWhitespaceProblem } from '../../../src/gateway/config/key-whitespace.js';
import { parseSize } from '../../../src/gateway/config/parse-size.js';
import { protectReferences, restoreReferences } from '../../../src/gateway/config/protect-references.js';
import { parseListenAddress } from '../../../src/gateway/config/read-listen.js';
import { shorten } from '../../../src/gateway/config/shorten.js';
import { sampleKey } from './config-fixtures.js';

describe('interpolate', () => {
  const env = { A: 'alpha', B: 'beta', EMPTY: '', WITH_BRACE: '${A}' };
  it('replaces every reference and lists the variables once, in order', () => {
    assert.deepEqual(interpolate('${A}-${B}/${A}', env), { ok: true, value: 'alpha-beta/alpha', variables: ['A', 'B'] });
  });
  it('keeps text without references, and $${ as a literal ${', () => {
    assert.deepEqual(interpolate('plain $ text {}', env), { ok: true, value: 'plain $ text {}', variables: [] });
    assert.deepEqual(interpolate('$${A} and ${A}', env), { ok: true, value: '${A} and alpha', variables: ['A'] });
  });
  it('does not expand a value a second time', () => {
    assert.deepEqual(interpolate('${WITH_BRACE}', env), { ok: true, value: '${A}', variables: ['WITH_BRACE'] });
  });
  it('an unset, an empty and a malformed reference are told apart', () => {
    assert.deepEqual(interpolate('x ${MISSING}', env), { ok: false, problem: 'unset', variable: 'MISSING' });
    assert.deepEqual(interpolate('${EMPTY}', env), { ok: false, problem: 'empty', variable: 'EMPTY' });
    assert.deepEqual(interpolate('${1ABC}', env), { ok: false, problem: 'malformed', reference: '${1ABC}' });
    assert.deepEqual(interpolate('${A', env), { ok: false, problem: 'malformed', reference: '${A' });
  });
});

describe('protectReferences', () => {
  it('keeps every offset, so parser lines and columns stay true, and restores the braces', () => {
    const text = 'keys: [${KEY_1}, ${KEY_2}] # $${literal}';
    const protectedText = protectReferences(text);
    assert.equal(protectedText.length, text.length);
    assert.ok(!/[{}]/.test(protectedText.slice(0, 25)), protectedText);
    assert.equal(restoreReferences(protectedText), text);
  });
  it('leaves malformed references alone', () => {
    assert.equal(protectReferences('${not valid}'), '${not valid}');
  });
});

describe('parseSize', () => {
  const cases: Array<[string, number | null]> = [
    ['10kb', 10_240],
    ['10 KB', 10_240],
    ['32mb', 33_554_432],
    ['1gb', 1_073_741_824],
    ['0.5kb', 512],
    ['7b', 7],
    ['10', null],
    ['10k', null],
    ['mb', null],
    ['-1mb', null],
    ['1tb', null],
  ];
  for (const [text, bytes] of cases) it(`${JSON.stringify(text)} -> ${bytes}`, () => assert.equal(parseSize(text), bytes));
});

describe('closestName', () => {
  const names = ['connect_ms', 'first_token_ms', 'stream_idle_ms', 'response_ms', 'total_ms'];
  it('finds a typo, another case style and a missing suffix', () => {
    assert.equal(closestName('first_tokn_ms', names), 'first_token_ms');
    assert.equal(closestName('firstTokenMs', names), 'first_token_ms');
    assert.equal(closestName('stream-idle-ms', names), 'stream_idle_ms');
    assert.equal(closestName('first_token', names), 'first_token_ms');
  });
  it('suggests nothing for an unrelated name', () => {
    assert.equal(closestName('retries', names), null);
    assert.equal(closestName('x', []), null);
  });
});

describe('keyWhitespaceProblem', () => {
  const cases: Array<[string, string | null]> = [
    ['abc123', null],
    ['abc123\n', 'ends with a newline'],
    ['abc123\r\n', 'ends with a carriage return (a Windows line end)'],
    [' abc123', 'starts with a space'],
    ['abc 123', 'has a space inside'],
    ['abc\t123', 'has a tab inside'],
    ['abc\u00a0123', 'has a non-breaking space inside'],
  ];
  for (const [key, problem] of cases) it(`${JSON.stringify(key)}: ${problem}`, () => assert.equal(keyWhitespaceProblem(key), problem));
});

describe('parseListenAddress', () => {
  const cases: Array<[string, object | null]> = [
    ['127.0.0.1:4000', { host: '127.0.0.1', port: 4000 }],
    ['localhost:80', { host: 'localhost', port: 80 }],
    ['[::1]:4000', { host: '::1', port: 4000 }],
    [':4000', { port: 4000 }],
    ['4000', { port: 4000 }],
    ['0', { port: 0 }],
    ['127.0.0.1', null],
    ['127.0.0.1:65536', null],
    ['::1:4000', null],
    ['host:port', null],
  ];
  for (const [text, expected] of cases) it(`${JSON.stringify(text)}`, () => assert.deepEqual(parseListenAddress(text), expected));
});

describe('checkHttpUrl', () => {
  it('accepts http and https, refuses other schemes, missing schemes and (for base URLs) credentials', () => {
    assert.equal(checkHttpUrl('https://api.openai.com/v1', { allowCredentials: false }).ok, true);
    assert.deepEqual(checkHttpUrl('api.openai.com/v1', { allowCredentials: false }), { ok: false, problem: 'not-a-url' });
    assert.deepEqual(checkHttpUrl('localhost:8787', { allowCredentials: false }), { ok: false, problem: 'not-a-url' });
    assert.deepEqual(checkHttpUrl('socks5://127.0.0.1:1080', { allowCredentials: true }), { ok: false, problem: 'not-http' });
    assert.deepEqual(checkHttpUrl('https://user:pw@host/v1', { allowCredentials: false }), { ok: false, problem: 'credentials' });
    assert.equal(checkHttpUrl('http://user:pw@proxy:3128', { allowCredentials: true }).ok, true);
  });
  it('shows a URL without its credentials or query', () => {
    assert.equal(displayUrl(new URL('http://user:secret@proxy:3128/path?key=abc')), 'http://proxy:3128/path');
  });
  it('drops trailing slashes only', () => {
    assert.equal(withoutTrailingSlashes('https://host/v1//'), 'https://host/v1');
    assert.equal(withoutTrailingSlashes('https://host/V1'), 'https://host/V1');
  });
});

describe('shorten', () => {
  it('keeps short values, masks key-shaped ones and cuts long ones', () => {
    const key = sampleKey(31);
    assert.equal(shorten('opneai'), 'opneai');
    assert.equal(shorten('claude-3-5-sonnet-20241022'), 'claude-3-5-sonnet-20241022');
    assert.match(shorten(key), /^sk-proj-…[A-Za-z0-9]{4}$/);
    assert.equal(shorten('0123456789abcdef0123456789abcdef'), '0123456789ab…');
  });
});
