import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { baseUrlFinding } from '../../src/doctor/checks/base-url.js';
import type { DoctorProvider, Finding, ProviderTarget } from '../../src/doctor/types.js';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';

const VARIABLE: Record<DoctorProvider, string> = { openai: 'OPENAI_BASE_URL', anthropic: 'ANTHROPIC_BASE_URL', gemini: 'GOOGLE_GEMINI_BASE_URL' };

function check(provider: DoctorProvider, baseUrl: string, baseUrlSource = `environment ${VARIABLE[provider]}`): Finding {
  const target: ProviderTarget = { provider, key: null, keySource: null, baseUrl, baseUrlSource, organization: null, project: null };
  return baseUrlFinding(target);
}

function expectStatus(found: Finding, status: Finding['status'], title: RegExp): void {
  assert.equal(found.status, status, `${found.title}\n${found.detail}`);
  assert.match(found.title, title);
}

describe('base_url: the URL the SDK will call', () => {
  it('the default passes and shows where a request goes', () => {
    const found = check('gemini', 'https://generativelanguage.googleapis.com', 'default');
    expectStatus(found, 'pass', /Default base URL/);
    assert.match(found.detail, /https:\/\/generativelanguage\.googleapis\.com\/v1beta\/models\/gemini-2\.5-flash:generateContent/);
  });

  it("each provider's own URL, set explicitly, passes", () => {
    expectStatus(check('openai', 'https://api.openai.com/v1/'), 'pass', /looks right/);
    expectStatus(check('anthropic', 'https://api.anthropic.com'), 'pass', /looks right/);
    expectStatus(check('gemini', 'https://generativelanguage.googleapis.com/'), 'pass', /looks right/);
  });

  it('OpenAI without /v1 fails: requests 404', () => {
    const found = check('openai', 'https://api.openai.com');
    expectStatus(found, 'fail', /lacks \/v1: requests go to https:\/\/api\.openai\.com\/chat\/completions/);
    assert.equal(found.category, 'wrong_endpoint');
    assert.deepEqual(found.fixes, ['Use https://api.openai.com/v1.']);
  });

  it('a doubled path segment fails', () => {
    expectStatus(check('openai', 'https://relay.example.com/v1/v1'), 'fail', /repeats \/v1/);
  });

  it('a base URL ending with the endpoint the SDK appends again fails, with the URL cut right', () => {
    const found = check('openai', 'https://api.openai.com/v1/chat/completions');
    expectStatus(found, 'fail', /ends with the endpoint \/chat\/completions/);
    assert.match(found.detail, /v1\/chat\/completions\/chat\/completions/);
    assert.ok(found.fixes.includes('Cut the URL before /chat/completions: https://api.openai.com/v1.'));
    expectStatus(check('anthropic', 'https://api.anthropic.com/v1/messages'), 'fail', /ends with the endpoint \/v1\/messages/);
  });

  it('Anthropic with /v1 and Gemini with /v1beta double the version the SDK adds', () => {
    const anthropic = check('anthropic', 'https://api.anthropic.com/v1');
    expectStatus(anthropic, 'fail', /ends with \/v1, and @anthropic-ai\/sdk adds the version itself/);
    assert.match(anthropic.detail, /https:\/\/api\.anthropic\.com\/v1\/v1\/messages/);
    expectStatus(check('gemini', 'https://generativelanguage.googleapis.com/v1beta'), 'fail', /ends with \/v1beta/);
  });

  it('http:// to the provider fails; to a public relay it warns that the key travels in clear', () => {
    expectStatus(check('openai', 'http://api.openai.com/v1'), 'fail', /over http:\/\//);
    const relay = check('openai', 'http://llm-relay.example.com/v1');
    expectStatus(relay, 'warn', /relay or gateway host \(llm-relay\.example\.com\)/);
    assert.match(relay.detail, /unencrypted/);
  });

  it('quotes, whitespace inside, and whitespace around the value', () => {
    expectStatus(check('openai', '"https://api.openai.com/v1"'), 'fail', /contains quotes/);
    expectStatus(check('openai', 'https://api.openai.com/ v1'), 'fail', /whitespace inside/);
    const around = check('openai', 'https://api.openai.com/v1\n');
    expectStatus(around, 'warn', /whitespace around it \("\\n"\)/);
  });

  it('no scheme, credentials and a query string fail; the password is never shown', () => {
    const noScheme = check('anthropic', 'api.anthropic.com');
    expectStatus(noScheme, 'fail', /no scheme/);
    assert.deepEqual(noScheme.fixes, ['Write it with its scheme: https://api.anthropic.com']);
    const password = 'pw' + 'Zq81xLm';
    const credentials = check('openai', `https://me:${password}@gw.example.com/v1`);
    expectStatus(credentials, 'fail', /carries credentials/);
    assert.ok(!JSON.stringify(credentials).includes(password));
    expectStatus(check('gemini', 'https://gw.example.com/gemini?key=abc'), 'fail', /query string/);
  });

  it('names a known relay, another provider, a host on the network, and a near miss of the API host', () => {
    expectStatus(check('openai', 'https://openrouter.ai/api/v1'), 'warn', /a relay, OpenRouter \(openrouter\.ai\)/);
    expectStatus(check('openai', 'https://api.anthropic.com/v1/'), 'warn', /Anthropic's API \(api\.anthropic\.com\), not OpenAI's/);
    expectStatus(check('anthropic', 'http://10.0.4.2:8080'), 'warn', /a host on your network \(10\.0\.4\.2:8080\)/);
    expectStatus(check('openai', 'https://api.openai.co/v1'), 'fail', /not OpenAI's API host api\.openai\.com/);
    expectStatus(check('openai', 'https://platform.openai.com/v1'), 'fail', /not OpenAI's API host/);
  });

  it('an OpenAI-compatible server without /v1 is a warning, not a failure, unless the relay documents that path', () => {
    const found = check('openai', 'https://llm.example.com/api');
    expectStatus(found, 'warn', /relay/);
    assert.match(found.detail, /does not end with \/v1/);
    assert.doesNotMatch(check('openai', 'https://api.deepseek.com').detail, /does not end with/);
  });

  it('GEMINI_BASE_URL is honoured here, but @google/genai does not read it', () => {
    const found = check('gemini', 'https://gw.example.com/gemini', '.env line 4 (GEMINI_BASE_URL)');
    assert.equal(found.status, 'warn');
    assert.match(found.detail, /GEMINI_BASE_URL is not read by @google\/genai \(it reads GOOGLE_GEMINI_BASE_URL\)/);
    assert.ok(found.fixes.includes('Rename GEMINI_BASE_URL to GOOGLE_GEMINI_BASE_URL, or pass it in code (httpOptions: { baseUrl }).'));
  });
});

describe('base_url: the simulator on this machine', () => {
  let mock: RunningMock;
  before(async () => {
    mock = await startMock({ seed: 4 });
  });
  after(async () => {
    await mock.close();
  });

  it("the mock's base URLs pass as a local server, for every provider", () => {
    for (const provider of ['openai', 'anthropic', 'gemini'] as const) {
      const found = check(provider, mock.baseUrls[provider]);
      expectStatus(found, 'pass', /a server on this machine \(127\.0\.0\.1:\d+\)/);
    }
  });
});
