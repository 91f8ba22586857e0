import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { UPPER, ALNUM, URL_SAFE, HEX, picker } from '../helpers/random-text.js';

import { describeSecret, fingerprint, maskSecret, redactSecrets } from '../../src/core/redact.js';

// No key-shaped literal may be committed: samples are assembled at run time, prefixes in two pieces.

const pick = picker(0xc0ffee);

const SAMPLES: Record<string, () => string> = {
  'OpenAI project': () => 'sk-' + 'proj-' + pick(URL_SAFE, 74) + 'T3Blbk' + 'FJ' + pick(URL_SAFE, 74),
  'OpenAI legacy': () => 'sk-' + pick(ALNUM, 20) + 'T3Blbk' + 'FJ' + pick(ALNUM, 20),
  'OpenAI admin': () => 'sk-' + 'admin-' + pick(URL_SAFE, 124),
  Anthropic: () => 'sk-' + 'ant-api03-' + pick(URL_SAFE, 93) + 'AA',
  'Anthropic OAuth': () => 'sk-' + 'ant-oat01-' + pick(URL_SAFE, 93) + 'AA',
  'Google AIza': () => 'AI' + 'za' + pick(URL_SAFE, 35),
  'Google AQ.': () => 'AQ' + '.' + pick(ALNUM, 10) + '.' + pick(URL_SAFE, 40),
  'Google OAuth': () => 'ya' + '29.' + pick(URL_SAFE, 60) + '.' + pick(URL_SAFE, 60),
  OpenRouter: () => 'sk-' + 'or-v1-' + pick(HEX, 64),
  Groq: () => 'gs' + 'k_' + pick(ALNUM, 52),
  xAI: () => 'xa' + 'i-' + pick(ALNUM, 80),
  NVIDIA: () => 'nv' + 'api-' + pick(URL_SAFE, 64),
  'Hugging Face': () => 'h' + 'f_' + pick(ALNUM, 34),
  GitHub: () => 'gh' + 'p_' + pick(ALNUM, 36),
  'GitHub fine-grained': () => 'github' + '_pat_' + pick(ALNUM, 82),
  AWS: () => 'AK' + 'IA' + pick(UPPER + '0123456789', 16),
  DeepSeek: () => 'sk-' + pick(HEX, 32),
  'llmdoctor client': () => 'llmd' + '_' + pick(ALNUM, 40),
};

describe('fingerprint', () => {
  it('is the first 6 hex characters of the SHA-256', () => {
    const key = SAMPLES.Anthropic!();
    assert.equal(fingerprint(key), createHash('sha256').update(key).digest('hex').slice(0, 6));
    assert.match(fingerprint(key), /^[0-9a-f]{6}$/);
  });

  it('is stable for a key and differs between keys', () => {
    const key = SAMPLES['OpenAI project']!();
    assert.equal(fingerprint(key), fingerprint(key.slice()));
    assert.notEqual(fingerprint(key), fingerprint(SAMPLES['OpenAI project']!()));
  });
});

describe('maskSecret', () => {
  it('keeps the type prefix and the last 4 characters', () => {
    const project = SAMPLES['OpenAI project']!();
    assert.equal(maskSecret(project), 'sk-' + 'proj-…' + project.slice(-4));
    const anthropic = SAMPLES.Anthropic!();
    assert.equal(maskSecret(anthropic), 'sk-' + 'ant-api03-…' + anthropic.slice(-4));
    const google = SAMPLES['Google AIza']!();
    assert.equal(maskSecret(google), 'AI' + 'za…' + google.slice(-4));
    const client = SAMPLES['llmdoctor client']!();
    assert.equal(maskSecret(client), 'llmd' + '_…' + client.slice(-4));
    const legacy = SAMPLES['OpenAI legacy']!();
    assert.equal(maskSecret(legacy), 'sk-…' + legacy.slice(-4));
  });

  it('shows no prefix for a random secret without one', () => {
    const hex = pick(HEX, 32);
    assert.equal(maskSecret(hex), '…' + hex.slice(-4));
  });

  it('shows an unknown separator-ended prefix only when it is a small part of the secret', () => {
    const long = 'relay_' + pick(ALNUM, 40);
    assert.equal(maskSecret(long), 'relay_…' + long.slice(-4));
    const short = 'ab-cdef_' + pick(ALNUM, 8);
    assert.equal(maskSecret(short), '…' + short.slice(-4));
  });

  it('reveals at most 2 characters of a short secret', () => {
    assert.equal(maskSecret(''), '');
    assert.equal(maskSecret('abc'), '…');
    assert.equal(maskSecret('abcdefgh'), '…gh');
    assert.equal(maskSecret('abcdefghijk'), '…jk');
    for (let length = 1; length < 12; length++) {
      const secret = pick(ALNUM, length);
      const visible = maskSecret(secret).replace('…', '');
      assert.ok(visible.length <= Math.min(2, length / 4), `length ${length}: ${visible.length} shown`);
    }
  });

  it('never shows more than 4 characters after a known prefix, even when the rest is short', () => {
    const almostOnlyPrefix = 'sk-' + 'ant-api03-' + pick(ALNUM, 5);
    assert.equal(maskSecret(almostOnlyPrefix), 'sk-' + 'ant-api03-…');
    const shortRest = 'sk-' + 'proj-' + pick(ALNUM, 8);
    assert.equal(maskSecret(shortRest), 'sk-' + 'proj-…' + shortRest.slice(-2));
  });
});

describe('describeSecret', () => {
  it('joins the masked form and the fingerprint', () => {
    const key = SAMPLES['OpenAI project']!();
    assert.equal(describeSecret(key), `${maskSecret(key)} (fp ${fingerprint(key)})`);
    assert.match(describeSecret(key), /^sk-proj-…[A-Za-z0-9_-]{4} \(fp [0-9a-f]{6}\)$/);
  });

  it('says when there is nothing', () => {
    assert.equal(describeSecret(''), '(empty)');
  });
});

describe('redactSecrets', () => {
  for (const [name, make] of Object.entries(SAMPLES)) {
    it(`masks a ${name} key in prose, JSON, headers and query strings`, () => {
      const key = make();
      const text = [
        `using key ${key}.`,
        `{"api_key":"${key}","model":"gpt-4o-mini"}`,
        `Authorization: Bearer ${key}`,
        `GET /v1beta/models?key=${key}&alt=sse`,
        `(${key})`,
      ].join('\n');
      const redacted = redactSecrets(text);
      assert.ok(!redacted.includes(key), redacted);
      assert.ok(!redacted.includes(key.slice(-12, -4)), 'no part beyond the last 4 characters shows');
      assert.ok(redacted.includes(maskSecret(key)));
      assert.ok(redacted.includes('using key '), 'the text around the key stays');
      assert.ok(redacted.includes(`${maskSecret(key)}.\n`), 'a full stop after a key stays outside the mask');
      assert.ok(redacted.includes('"model":"gpt-4o-mini"'));
    });
  }

  it('masks high-entropy tokens after credential headers and parameters, whatever their shape', () => {
    const token = pick(HEX, 32);
    const jwt = 'eyJ' + pick(URL_SAFE, 30) + '.' + pick(URL_SAFE, 60) + '.' + pick(URL_SAFE, 40);
    const basic = pick(ALNUM, 30) + '==';
    const cases = [
      `api-key: ${token}`,
      `x-api-key: ${token}`,
      `X-Goog-Api-Key: ${token}`,
      `"x-api-key": "${token}"`,
      `https://example.com/v1?api_key=${token}`,
      `Authorization: Bearer ${jwt}`,
      `Authorization: Basic ${basic}`,
    ];
    for (const text of cases) {
      const redacted = redactSecrets(text);
      for (const secret of [token, jwt, basic]) assert.ok(!redacted.includes(secret), redacted);
    }
  });

  it('masks a key without a prefix in env lines and JSON or YAML settings', () => {
    const token = pick(HEX, 32);
    const cases = [
      `AZURE_OPENAI_API_KEY=${token}`,
      `export OPENAI_API_KEY="${token}"`,
      `{"api_key": "${token}"}`,
      `{"apiKey":"${token}"}`,
      `api_key: ${token}`,
    ];
    for (const text of cases) {
      const redacted = redactSecrets(text);
      assert.ok(!redacted.includes(token), redacted);
      assert.ok(redacted.includes(maskSecret(token)), redacted);
    }
  });

  it('leaves masked echoes from providers as they are', () => {
    const echoes = [
      'Incorrect API key provided: sk-' + 'proj-****...MxYA. You can find your API key at https://platform.openai.com/account/api-keys.',
      "Consumer 'api_key:AIza" + "SyCh***s3hY' has been suspended.",
      'Incorrect API key provided: sk-' + 'abc12' + '*'.repeat(36) + 'xyz9.',
      'Incorrect API key provided: sk-' + 'ant-a***AAAA.',
      'key: sk-' + 'proj-' + pick(ALNUM, 20) + '...' + pick(ALNUM, 4),
      'Authorization: Bearer sk-' + 'proj-' + pick(ALNUM, 20) + '****',
    ];
    for (const echo of echoes) assert.equal(redactSecrets(echo), echo);
  });

  it('is idempotent', () => {
    const text = Object.values(SAMPLES)
      .map((make) => `Bearer ${make()} and ${make()}; key=${make()}`)
      .join('\n');
    const once = redactSecrets(text);
    assert.notEqual(once, text);
    assert.equal(redactSecrets(once), once);
  });

  it('leaves ordinary text alone', () => {
    const texts = [
      'The model `gpt-4o-mini-2024-07-18` does not exist or you do not have access to it.',
      'Rate limit reached for gpt-4o in organization org-abc on tokens per min (TPM): Limit 30000. Please try again in 6ms.',
      'pip install sk-learn-contrib-pipeline-tools',
      'export OPENAI_API_KEY=YOUR_OPENAI_API_KEY_HERE',
      'Authorization: Bearer undefined',
      'POST https://api.anthropic.com/v1/messages request-id: req_011CSHoEeqs5C35K2UUqR7Fy',
      'task-scheduler-configuration-file',
      'sk-' + 'x'.repeat(40),
      '',
      'short',
    ];
    for (const text of texts) assert.equal(redactSecrets(text), text);
  });

  it('finds keys glued to punctuation but not inside longer words', () => {
    const key = SAMPLES.Anthropic!();
    assert.ok(!redactSecrets(`"${key}"`).includes(key));
    assert.ok(!redactSecrets(`<${key}>`).includes(key));
    assert.ok(!redactSecrets(`key=${key},next`).includes(key));
    const inside = 'task-' + pick(ALNUM, 30);
    assert.equal(redactSecrets(`mask${inside}`), `mask${inside}`);
  });
});
