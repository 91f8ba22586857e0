import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fingerprint } from '../../src/core/redact.js';
import { checkKeyAndBaseUrl, keyHygieneFinding, keyKindFinding, openAiIdsFinding } from '../../src/doctor/checks/keys.js';
import type { CheckContext, DoctorOptions, Finding, ProviderTarget } from '../../src/doctor/types.js';
import { ALNUM, HEX, URL_SAFE, picker } from '../helpers/random-text.js';

// Sample keys and ids are assembled at run time; no key-shaped literal is committed.
const pick = picker(0x6b1d);
const MARKER = 'T3Blbk' + 'FJ';
const projectKey = (): string => 'sk-' + 'proj-' + pick(URL_SAFE, 74) + MARKER + pick(URL_SAFE, 74);
const adminKey = (): string => 'sk-' + 'admin-' + pick(URL_SAFE, 58) + MARKER + pick(URL_SAFE, 58);
const anthropicKey = (): string => 'sk-' + 'ant-api03-' + pick(URL_SAFE, 93) + 'AA';
const claudeOauthToken = (): string => 'sk-' + 'ant-oat01-' + pick(URL_SAFE, 93) + 'AA';
const googleKey = (): string => 'AI' + 'za' + pick(URL_SAFE, 35);
const googleOauthToken = (): string => 'ya' + '29.' + pick(URL_SAFE, 60) + '.' + pick(URL_SAFE, 120);
const openrouterKey = (): string => 'sk-' + 'or-v1-' + pick(HEX, 64);
const orgId = (): string => 'org-' + pick(ALNUM, 24);
const projectId = (): string => 'proj_' + pick(ALNUM, 24);

function target(overrides: Partial<ProviderTarget>): ProviderTarget {
  const provider = overrides.provider ?? 'openai';
  const defaults = { openai: 'https://api.openai.com/v1', anthropic: 'https://api.anthropic.com', gemini: 'https://generativelanguage.googleapis.com' };
  return { provider, key: null, keySource: 'environment OPENAI_API_KEY', baseUrl: defaults[provider], baseUrlSource: 'default', organization: null, project: null, ...overrides };
}

function assertNoKey(findings: Finding[], ...keys: string[]): void {
  const text = JSON.stringify(findings);
  for (const key of keys) assert.ok(!text.includes(key.trim()), 'a whole key appears in the findings');
}

describe('key.hygiene: every problem inspectKey finds', () => {
  it('a clean key passes and says what it is', () => {
    const key = projectKey();
    const found = keyHygieneFinding(target({ key }));
    assert.equal(found.status, 'pass');
    assert.match(found.detail, new RegExp(`OpenAI project key, 164 characters: sk-proj-…\\S+ \\(fp ${fingerprint(key)}\\)`));
    assertNoKey([found], key);
  });

  it('a trailing newline is a warning: the SDK trims the variable, other clients do not', () => {
    const key = projectKey();
    const found = keyHygieneFinding(target({ key: `${key}\n` }));
    assert.equal(found.status, 'warn');
    assert.equal(found.category, 'key_malformed');
    assert.match(found.title, /ends with a newline/);
    assert.match(found.detail, /165 as stored/);
    assert.match(found.detail, /trims the variable when it reads it itself/);
    assert.ok(found.fixes.some((fix) => fix.includes('printf %s')));
    assertNoKey([found], key);
  });

  it('quotes kept in the value, a cut-off key and a placeholder fail', () => {
    const key = anthropicKey();
    const quoted = keyHygieneFinding(target({ provider: 'anthropic', key: `"${key}"`, keySource: '.env line 2 (ANTHROPIC_API_KEY)' }));
    assert.equal(quoted.status, 'fail');
    assert.match(quoted.title, /wrapped in quotes/);
    const cut = keyHygieneFinding(target({ provider: 'anthropic', key: key.slice(0, 60) }));
    assert.equal(cut.status, 'fail');
    assert.match(cut.detail, /cut off/);
    const placeholder = keyHygieneFinding(target({ key: 'sk-' + 'xxxxxxxxxxxxxxxxxxxx' }));
    assert.equal(placeholder.status, 'fail');
    assert.match(placeholder.title, /placeholder/);
    assertNoKey([quoted, cut], key);
  });

  it('no key: skipped', () => {
    assert.equal(keyHygieneFinding(target({ key: null, keySource: null })).status, 'skip');
  });
});

describe('key.kind: the kind of key against its use', () => {
  it('an admin key cannot call models', () => {
    const key = adminKey();
    const found = keyKindFinding(target({ key }));
    assert.equal(found.status, 'fail');
    assert.equal(found.category, 'permission_denied');
    assert.match(found.title, /OPENAI_API_KEY holds an OpenAI admin key, which cannot call models/);
    assert.match(found.fixes[0] ?? '', /project key/);
    assertNoKey([found], key);
  });

  it('a Claude subscription OAuth token in ANTHROPIC_API_KEY', () => {
    const token = claudeOauthToken();
    const found = keyKindFinding(target({ provider: 'anthropic', key: token, keySource: 'environment ANTHROPIC_API_KEY' }));
    assert.equal(found.status, 'fail');
    assert.equal(found.category, 'key_invalid');
    assert.match(found.title, /ANTHROPIC_API_KEY holds a Claude subscription OAuth token, which cannot call models/);
    assert.match(found.detail, /OAuth authentication is currently not supported/);
    assertNoKey([found], token);
  });

  it("another provider's key fails, unless the base URL is that provider's own endpoint", () => {
    const gemini = googleKey();
    const wrong = keyKindFinding(target({ key: gemini }));
    assert.equal(wrong.status, 'fail');
    assert.equal(wrong.category, 'key_wrong_provider');
    const anthropic = anthropicKey();
    const compatible = keyKindFinding(target({ key: anthropic, baseUrl: 'https://api.anthropic.com/v1/', baseUrlSource: 'environment OPENAI_BASE_URL' }));
    assert.equal(compatible.status, 'pass');
    assert.match(compatible.title, /with its own endpoint \(api\.anthropic\.com\)/);
    assertNoKey([wrong, compatible], gemini, anthropic);
  });

  it('a relay key: fine at its relay, wrong at OpenAI, with the base URL that fits it', () => {
    const key = openrouterKey();
    const atRelay = keyKindFinding(target({ key, baseUrl: 'https://openrouter.ai/api/v1', baseUrlSource: 'environment OPENAI_BASE_URL' }));
    assert.equal(atRelay.status, 'pass');
    const atOpenAI = keyKindFinding(target({ key }));
    assert.equal(atOpenAI.status, 'fail');
    assert.ok(atOpenAI.fixes.includes('If you meant OpenRouter, set OPENAI_BASE_URL=https://openrouter.ai/api/v1.'));
    const elsewhere = keyKindFinding(target({ key, baseUrl: 'https://llm.example.com/v1', baseUrlSource: 'environment OPENAI_BASE_URL' }));
    assert.equal(elsewhere.status, 'warn');
    assertNoKey([atRelay, atOpenAI, elsewhere], key);
  });

  it('a Google OAuth access token expires: a warning', () => {
    const token = googleOauthToken();
    const found = keyKindFinding(target({ provider: 'gemini', key: token, keySource: 'environment GEMINI_API_KEY' }));
    assert.equal(found.status, 'warn');
    assert.match(found.title, /expires/);
    assertNoKey([found], token);
  });
});

describe('key.kind: OPENAI_ORG_ID and OPENAI_PROJECT_ID against the key', () => {
  it('swapped ids fail, and the API answer they cause is named', () => {
    const found = openAiIdsFinding(target({ key: projectKey(), organization: projectId(), project: orgId() }));
    assert.ok(found);
    assert.equal(found.status, 'fail');
    assert.equal(found.category, 'permission_denied');
    assert.match(found.title, /OPENAI_ORG_ID holds a project id .*: the two variables are swapped/);
    assert.match(found.detail, /OPENAI_PROJECT_ID holds an organization id/);
    assert.match(found.detail, /OpenAI-Project header should match project for API key/);
  });

  it('a name instead of an id fails', () => {
    const found = openAiIdsFinding(target({ key: projectKey(), organization: 'My Company' }));
    assert.match(found?.title ?? '', /OPENAI_ORG_ID is "My Company", not an id like org-…/);
  });

  it('well-formed ids pass; with a project key the detail says the project must be the key’s own', () => {
    const found = openAiIdsFinding(target({ key: projectKey(), organization: orgId(), project: projectId() }));
    assert.equal(found?.status, 'pass');
    assert.match(found?.detail ?? '', /a project key needs no OPENAI_PROJECT_ID/);
    assert.equal(openAiIdsFinding(target({ key: projectKey() })), null, 'nothing to say without ids');
  });

  it('a key pasted into OPENAI_ORG_ID is never shown whole', () => {
    const key = projectKey();
    const found = openAiIdsFinding(target({ key: projectKey(), organization: key }));
    assert.equal(found?.status, 'fail');
    assertNoKey([found as Finding], key);
  });
});

describe('checkKeyAndBaseUrl', () => {
  const ctx = (signal: AbortSignal, found: Finding[]): CheckContext => ({ options: {} as DoctorOptions, signal, report: (f) => found.push(f) });

  it('reports key.hygiene, key.kind (key and ids) and base_url, none with the key in it', async () => {
    const key = projectKey();
    const found: Finding[] = [];
    await checkKeyAndBaseUrl(target({ key: ` ${key}`, organization: orgId(), baseUrl: 'https://api.openai.com/v1/v1', baseUrlSource: 'environment OPENAI_BASE_URL' }), ctx(new AbortController().signal, found));
    assert.deepEqual(found.map((f) => `${f.check} ${f.status}`), ['key.hygiene warn', 'key.kind pass', 'key.kind pass', 'base_url fail']);
    assert.ok(found.every((f) => f.provider === 'openai' && f.durationMs >= 0));
    assertNoKey(found, key);
  });

  it('reports nothing once the time box has ended', async () => {
    const found: Finding[] = [];
    await checkKeyAndBaseUrl(target({ key: projectKey() }), ctx(AbortSignal.abort(), found));
    assert.deepEqual(found, []);
  });
});
