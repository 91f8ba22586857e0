import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { checkApi } from '../../src/doctor/checks/api.js';
import type { CheckContext, DoctorOptions, DoctorProvider, Finding, ProviderTarget } from '../../src/doctor/types.js';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';

const PROVIDERS: DoctorProvider[] = ['openai', 'anthropic', 'gemini'];
const MODEL: Record<DoctorProvider, string> = { openai: 'gpt-4o-mini', anthropic: 'claude-haiku-4-5', gemini: 'gemini-2.5-flash' };

function options(extra: Partial<DoctorOptions> = {}): DoctorOptions {
  return { providers: null, models: [], timeoutMs: 10_000, offline: false, probe: false, env: {}, cwd: process.cwd(), envFile: null, pid: null, fsRoot: '/', ...extra };
}

function target(provider: DoctorProvider, key: string | null, baseUrl: string): ProviderTarget {
  return { provider, key, keySource: 'test', baseUrl, baseUrlSource: 'test', organization: null, project: null };
}

/** Runs the API checks and returns every finding, asserting that none of them holds the key. */
async function run(t: ProviderTarget, extra: Partial<DoctorOptions> = {}, signal: AbortSignal = AbortSignal.timeout(20_000)): Promise<Finding[]> {
  const findings: Finding[] = [];
  const ctx: CheckContext = { options: options(extra), signal, report: (finding) => findings.push(finding) };
  await checkApi(t, ctx);
  if (t.key) {
    const text = JSON.stringify(findings);
    assert.ok(!text.includes(t.key) && !text.includes(t.key.trim()), 'a finding holds the whole key');
  }
  return findings;
}

function only(findings: Finding[], check: string): Finding {
  const found = findings.filter((finding) => finding.check === check);
  assert.equal(found.length, 1, `one ${check} finding expected, got ${found.length}: ${JSON.stringify(findings, null, 1)}`);
  return found[0]!;
}

describe('doctor API checks against the simulator', () => {
  let mock: RunningMock;
  before(async () => {
    mock = await startMock({ seed: 7, requestsPerMinute: 500, tokensPerMinute: 200_000 });
  });
  after(() => mock.close());

  for (const provider of PROVIDERS) {
    it(`${provider}: a healthy key passes every check, limits read from the headers`, async () => {
      const findings = await run(target(provider, mock.issueKey(provider), mock.baseUrls[provider]), { probe: true, models: [MODEL[provider]] });
      const auth = only(findings, 'api.auth');
      assert.equal(auth.status, 'pass', auth.detail);
      assert.match(auth.detail, /HTTP 200/);
      assert.match(auth.detail, /models listed/);
      assert.equal(only(findings, 'api.model').status, 'pass');
      const probe = only(findings, 'api.probe');
      assert.equal(probe.status, 'pass', probe.detail);
      assert.match(probe.detail, /^One request to .* capped at 1 output token \(it may cost/);
      const limits = only(findings, 'api.rate_limits');
      if (provider === 'gemini') {
        assert.equal(limits.status, 'skip');
        assert.match(limits.title, /sends no rate-limit headers/);
      } else {
        assert.equal(limits.status, 'pass', limits.detail);
        assert.match(limits.detail, /requests \d+ of 500 left/);
        assert.match(limits.detail, /one-token request/);
      }
      const region = only(findings, 'region');
      assert.equal(region.status, 'pass', region.detail);
      assert.match(region.detail, /US \(United States\)/);
      assert.equal(only(findings, 'clock').status, 'pass');
      assert.ok(findings.every((finding) => finding.provider === provider && finding.durationMs >= 0));
    });
  }

  it('openai: an unknown key fails authentication as key_invalid and stops model checks', async () => {
    const findings = await run(target('openai', mock.issueKey('openai', 'key_invalid'), mock.baseUrls.openai), { models: ['gpt-4o'] });
    const auth = only(findings, 'api.auth');
    assert.equal(auth.status, 'fail');
    assert.equal(auth.category, 'key_invalid');
    assert.match(auth.detail, /HTTP 401/);
    assert.ok(auth.fixes.length > 0);
    assert.equal(only(findings, 'api.model').status, 'skip');
  });

  it('a key of another provider is named as such (key_wrong_provider)', async () => {
    const toOpenai = only(await run(target('openai', mock.issueKey('anthropic'), mock.baseUrls.openai)), 'api.auth');
    assert.equal(toOpenai.category, 'key_wrong_provider', toOpenai.detail);
    const toAnthropic = only(await run(target('anthropic', mock.issueKey('openai'), mock.baseUrls.anthropic)), 'api.auth');
    assert.equal(toAnthropic.category, 'key_wrong_provider', toAnthropic.detail);
  });

  it('--probe reveals an empty wallet (billing)', async () => {
    const findings = await run(target('openai', mock.issueKey('openai', 'billing'), mock.baseUrls.openai), { probe: true });
    const probe = only(findings, 'api.probe');
    assert.equal(probe.status, 'fail');
    assert.equal(probe.category, 'billing');
    assert.match(probe.detail, /may cost/);
    assert.match(probe.fixes.join(' '), /billing/i);
  });

  it('a misspelt model is model_not_found, with the close names from the listing', async () => {
    const openai = only(await run(target('openai', mock.issueKey('openai'), mock.baseUrls.openai), { models: ['gpt-4o-minii', 'claude-sonet-4-5'] }), 'api.model');
    assert.equal(openai.status, 'fail');
    assert.equal(openai.category, 'model_not_found');
    assert.match(openai.fixes[0] ?? '', /gpt-4o-mini\b/);
    const anthropic = only(await run(target('anthropic', mock.issueKey('anthropic'), mock.baseUrls.anthropic), { models: ['gpt-4o-minii', 'claude-sonet-4-5'] }), 'api.model');
    assert.equal(anthropic.category, 'model_not_found');
    assert.match(anthropic.fixes[0] ?? '', /claude-sonnet-4-5-20250929/);
    const gemini = only(await run(target('gemini', mock.issueKey('gemini'), mock.baseUrls.gemini), { models: ['models/gemini-2.5-flsh'] }), 'api.model');
    assert.equal(gemini.category, 'model_not_found');
    assert.match(gemini.fixes[0] ?? '', /gemini-2\.5-flash\b/);
  });

  it('a key bound to model_not_found fails the model check with that category', async () => {
    const findings = await run(target('anthropic', mock.issueKey('anthropic', 'model_not_found'), mock.baseUrls.anthropic), { models: ['claude-sonnet-4-5'] });
    const model = only(findings, 'api.model');
    assert.equal(model.category, 'model_not_found', model.detail);
  });

  it('rate_limited: authentication warns, and the headers show the limit used up', async () => {
    const findings = await run(target('openai', mock.issueKey('openai', 'rate_limited'), mock.baseUrls.openai));
    const auth = only(findings, 'api.auth');
    assert.equal(auth.status, 'warn');
    assert.equal(auth.category, 'rate_limited');
    const limits = only(findings, 'api.rate_limits');
    assert.equal(limits.status, 'warn', limits.detail);
    assert.match(limits.detail, /tokens 0 of [\d,]+ left/);
  });

  it('overloaded: authentication warns (a retry with backoff helps)', async () => {
    for (const provider of ['openai', 'anthropic'] as const) {
      const auth = only(await run(target(provider, mock.issueKey(provider, 'overloaded'), mock.baseUrls[provider])), 'api.auth');
      assert.equal(auth.status, 'warn');
      assert.equal(auth.category, 'overloaded');
    }
  });

  it('a key with a trailing newline works through fetch, which trims it, and is flagged', async () => {
    const key = `${mock.issueKey('openai')}\n`;
    const findings = await run(target('openai', key, mock.baseUrls.openai));
    const auth = only(findings, 'api.auth');
    assert.equal(auth.status, 'warn');
    assert.equal(auth.category, 'key_malformed');
    assert.match(auth.detail, /ends with a newline/);
    assert.match(auth.detail, /HTTP 200/);
  });

  it('a key with a newline inside never leaves the machine: the HTTP client refuses the header', async () => {
    const issued = mock.issueKey('gemini');
    const key = `${issued.slice(0, 20)}\n${issued.slice(20)}`;
    const auth = only(await run(target('gemini', key, mock.baseUrls.gemini)), 'api.auth');
    assert.equal(auth.status, 'fail');
    assert.equal(auth.category, 'key_malformed', auth.detail);
  });

  it('the proxy from the environment is used (and NO_PROXY honoured)', async () => {
    const proxied = only(await run(target('openai', mock.issueKey('openai'), mock.baseUrls.openai), { env: { HTTP_PROXY: 'http://user:secret@127.0.0.1:9' } }), 'api.auth');
    assert.equal(proxied.status, 'fail');
    assert.equal(proxied.category, 'network_proxy', proxied.detail);
    assert.match(proxied.detail, /through the proxy http:\/\/user:\*\*\*@127\.0\.0\.1:9/);
    assert.ok(!proxied.detail.includes('secret'));
    const bypassed = only(await run(target('openai', mock.issueKey('openai'), mock.baseUrls.openai), { env: { HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1' } }), 'api.auth');
    assert.equal(bypassed.status, 'pass', bypassed.detail);
    assert.match(bypassed.detail, /directly/);
  });

  it('a server that never answers ends with the time box, not later', async () => {
    const started = Date.now();
    const findings = await run(target('openai', mock.issueKey('openai', 'timeout'), mock.baseUrls.openai), { probe: true }, AbortSignal.timeout(300));
    assert.ok(Date.now() - started < 5_000, 'the time box was not respected');
    const auth = only(findings, 'api.auth');
    assert.equal(auth.status, 'warn');
    assert.equal(auth.category, 'timeout');
    assert.match(auth.detail, /time box ended/);
  });

  it('--offline calls nothing', async () => {
    const before = mock.attempts().length;
    const findings = await run(target('openai', mock.issueKey('openai'), mock.baseUrls.openai), { offline: true });
    assert.equal(only(findings, 'api.auth').status, 'skip');
    assert.equal(mock.attempts().length, before);
  });
});

describe('doctor API checks from a refused country', () => {
  let mock: RunningMock;
  before(async () => {
    mock = await startMock({ seed: 7, region: 'CN' });
  });
  after(() => mock.close());

  for (const provider of PROVIDERS) {
    it(`${provider}: the edge sees CN, which is not on the supported list`, async () => {
      const findings = await run(target(provider, mock.issueKey(provider), mock.baseUrls[provider]), { probe: true });
      const region = only(findings, 'region');
      assert.equal(region.status, 'fail');
      assert.equal(region.category, 'region_blocked');
      assert.match(region.title, /CN \(China\)/);
      assert.match(region.detail, /not on .*supported-country list/);
      assert.match(region.detail, /API itself refused/);
      assert.equal(only(findings, 'api.auth').category, 'region_blocked');
      assert.equal(only(findings, 'api.probe').status, 'skip');
    });
  }
});

describe('doctor clock check', () => {
  let server: Server;
  let url: string;
  before(async () => {
    server = createServer((_req, res) => {
      res.writeHead(404, { date: new Date(Date.now() - 10 * 60_000).toUTCString(), 'content-type': 'text/plain' });
      res.end('not here');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('a server whose Date is 10 minutes behind this clock gives a warning', async () => {
    const findings = await run(target('anthropic', 'sk-ant-api03-clockclockclockclockclock', url));
    const clock = only(findings, 'clock');
    assert.equal(clock.status, 'warn', clock.detail);
    assert.match(clock.title, /10 min ahead of the server's/);
    assert.ok(clock.fixes.some((fix) => fix.includes('timedatectl')));
    assert.equal(only(findings, 'region').status, 'skip');
  });
});
