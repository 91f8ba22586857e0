import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UPPER, LETTERS, ALNUM, URL_SAFE, HEX, picker } from '../helpers/random-text.js';

import { KEY_PROBLEM_CODES, type KeyInspection, type KeyProblemCode } from '../../src/core/inspect-key.js';
import { describeSecret, redactSecrets } from '../../src/core/redact.js';
import { ALL_KEY_FORMATS, inspectKey } from '../../src/providers/key-formats.js';

// No key-shaped literal may be committed: sample keys are assembled at run time from a seeded generator,
// and every prefix is written in two pieces.

const pick = picker(0x5eed);
const OPENAI_MARKER = 'T3Blbk' + 'FJ';

const SAMPLES: Record<string, { make: () => string; prefixLength: number }> = {
  'openai-project': { make: () => 'sk-' + 'proj-' + pick(URL_SAFE, 74) + OPENAI_MARKER + pick(URL_SAFE, 74), prefixLength: 8 },
  'openai-service-account': { make: () => 'sk-' + 'svcacct-' + pick(URL_SAFE, 74) + OPENAI_MARKER + pick(URL_SAFE, 74), prefixLength: 11 },
  'openai-user-no-project': { make: () => 'sk-' + 'None-' + pick(URL_SAFE, 74) + OPENAI_MARKER + pick(URL_SAFE, 74), prefixLength: 8 },
  'openai-admin': { make: () => 'sk-' + 'admin-' + pick(URL_SAFE, 58) + OPENAI_MARKER + pick(URL_SAFE, 58), prefixLength: 9 },
  'openai-user-legacy': { make: () => 'sk-' + pick(ALNUM, 20) + OPENAI_MARKER + pick(ALNUM, 20), prefixLength: 3 },
  'anthropic-api': { make: () => 'sk-' + 'ant-api03-' + pick(URL_SAFE, 93) + 'AA', prefixLength: 13 },
  'anthropic-admin': { make: () => 'sk-' + 'ant-admin01-' + pick(URL_SAFE, 93) + 'AA', prefixLength: 15 },
  'anthropic-oauth-access': { make: () => 'sk-' + 'ant-oat01-' + pick(URL_SAFE, 93) + 'AA', prefixLength: 13 },
  'anthropic-oauth-refresh': { make: () => 'sk-' + 'ant-ort01-' + pick(URL_SAFE, 93) + 'AA', prefixLength: 13 },
  'anthropic-other': { make: () => 'sk-' + 'ant-sid01-' + pick(URL_SAFE, 93) + 'AA', prefixLength: 7 },
  'google-api-key': { make: () => 'AI' + 'za' + pick(URL_SAFE, 35), prefixLength: 4 },
  'google-auth-key': { make: () => 'AQ' + '.' + pick(ALNUM, 8) + '_' + pick(URL_SAFE, 45), prefixLength: 3 },
  'google-oauth-access': { make: () => 'ya' + '29.' + pick(URL_SAFE, 60) + '.' + pick(URL_SAFE, 120), prefixLength: 5 },
  'azure-openai-hex': { make: () => pick(HEX, 32), prefixLength: 0 },
  'azure-openai-annotated': {
    make: () => pick(ALNUM, 52) + 'JQQJ' + '99' + pick(ALNUM, 1) + pick('ABCDEFGHIJKL', 1) + pick(ALNUM, 16) + pick(LETTERS, 1) + pick(ALNUM, 7),
    prefixLength: 0,
  },
  openrouter: { make: () => 'sk-' + 'or-v1-' + pick(HEX, 64), prefixLength: 9 },
  groq: { make: () => 'gs' + 'k_' + pick(ALNUM, 52), prefixLength: 4 },
  xai: { make: () => 'xa' + 'i-' + pick(ALNUM, 80), prefixLength: 4 },
  nvidia: { make: () => 'nv' + 'api-' + pick(URL_SAFE, 64), prefixLength: 6 },
  perplexity: { make: () => 'pp' + 'lx-' + pick(ALNUM, 48), prefixLength: 5 },
  huggingface: { make: () => 'h' + 'f_' + pick(LETTERS, 34), prefixLength: 3 },
  deepseek: { make: () => 'sk-' + pick(HEX, 32), prefixLength: 3 },
  'openai-compatible-relay': { make: () => 'sk-' + pick(ALNUM, 48), prefixLength: 3 },
  'github-classic-token': { make: () => 'gh' + 'p_' + pick(ALNUM, 36), prefixLength: 4 },
  'github-fine-grained-token': { make: () => 'github' + '_pat_' + pick(ALNUM, 22) + '_' + pick(ALNUM, 59), prefixLength: 11 },
  'aws-access-key-id': { make: () => 'AK' + 'IA' + pick(UPPER + '0123456789', 16), prefixLength: 4 },
};

function sample(id: string): string {
  const entry = SAMPLES[id];
  assert.ok(entry, `no sample generator for format ${id}`);
  return entry.make();
}

const projectKey = () => sample('openai-project');
const anthropicKey = () => sample('anthropic-api');
const googleKey = () => sample('google-api-key');

function codes(inspection: KeyInspection): KeyProblemCode[] {
  return inspection.problems.map((p) => p.code);
}

function problem(inspection: KeyInspection, code: KeyProblemCode) {
  const found = inspection.problems.find((p) => p.code === code);
  assert.ok(found, `expected problem ${code}, got ${codes(inspection).join(', ') || 'none'}`);
  return found;
}

/** Problems a clean key of this format still has: it is of a kind that cannot call models, or expires. */
function inherentProblems(id: string): KeyProblemCode[] {
  const format = ALL_KEY_FORMATS.find((f) => f.id === id)!;
  if (!format.canCallModels) return ['cannot_call_models'];
  return format.kind === 'oauth_access' ? ['short_lived_token'] : [];
}

describe('inspectKey: recognizes every format', () => {
  it('has a sample generator for every known format', () => {
    assert.deepEqual(ALL_KEY_FORMATS.map((f) => f.id).sort(), Object.keys(SAMPLES).sort());
  });

  for (const format of ALL_KEY_FORMATS) {
    it(`${format.id}: a clean key is recognized with no hygiene problems`, () => {
      const key = sample(format.id);
      const result = inspectKey(key);
      assert.equal(result.formatId, format.id);
      assert.equal(result.provider, format.provider);
      assert.equal(result.kind, format.kind);
      assert.equal(result.label, format.label);
      assert.equal(result.canCallModels, format.canCallModels);
      assert.equal(result.length, key.length);
      assert.deepEqual(codes(result), inherentProblems(format.id));
      assert.equal(result.ok, inherentProblems(format.id).length === 0);
    });
  }

  it('reads the Anthropic example from the brief: spaces before and a newline after', () => {
    const key = anthropicKey();
    const result = inspectKey(`  ${key}\n`);
    assert.equal(result.formatId, 'anthropic-api');
    assert.deepEqual(codes(result), ['leading_whitespace', 'trailing_newline']);
    assert.equal(result.length, 108);
    assert.equal(result.rawLength, 111);
  });

  it('accepts the older OpenAI project key lengths (56 and 132 characters)', () => {
    const short = 'sk-' + 'proj-' + pick(ALNUM, 20) + OPENAI_MARKER + pick(ALNUM, 20);
    const middle = 'sk-' + 'proj-' + pick(URL_SAFE, 58) + OPENAI_MARKER + pick(URL_SAFE, 58);
    for (const key of [short, middle]) {
      const result = inspectKey(key);
      assert.equal(result.formatId, 'openai-project');
      assert.deepEqual(codes(result), []);
    }
  });

  it('tells an OpenAI legacy key (with its marker) from a relay key of the same shape', () => {
    assert.equal(inspectKey(sample('openai-user-legacy')).formatId, 'openai-user-legacy');
    const relay = inspectKey(sample('openai-compatible-relay'));
    assert.equal(relay.formatId, 'openai-compatible-relay');
    assert.match(relay.label, /relay/);
    assert.match(relay.label, /OpenAI user key/, 'the label admits the shape is ambiguous');
  });

  it('gives the same fingerprint to a key and its damaged copies, so machines can be compared', () => {
    const key = anthropicKey();
    const clean = inspectKey(key);
    for (const damaged of [`${key}\n`, `"${key}"`, `Bearer ${key}`, `ANTHROPIC_API_KEY=${key}\r\n`]) {
      const result = inspectKey(damaged);
      assert.equal(result.fingerprint, clean.fingerprint);
      assert.equal(result.masked, clean.masked);
    }
    assert.notEqual(inspectKey(anthropicKey()).fingerprint, clean.fingerprint);
  });
});

describe('inspectKey: length', () => {
  it('does not call a 39-character AIza key truncated', () => {
    const key = googleKey();
    assert.equal(key.length, 39);
    assert.deepEqual(codes(inspectKey(key)), []);
  });

  it('reports a truncated key of a format its prefix identifies', () => {
    const key = googleKey();
    const result = inspectKey(key.slice(0, 38));
    assert.equal(result.formatId, 'google-api-key');
    assert.match(problem(result, 'wrong_length').message, /38 characters.*39 characters.*cut off/);
  });

  it('reports extra characters', () => {
    const result = inspectKey(anthropicKey() + 'x');
    assert.equal(result.formatId, 'anthropic-api');
    assert.match(problem(result, 'wrong_length').message, /109 characters.*108 characters.*extra/);
  });

  for (const format of ALL_KEY_FORMATS.filter((f) => f.identifiedBy === 'prefix' && f.lengths.every((l) => typeof l === 'number'))) {
    it(`${format.id}: one character short is a wrong length`, () => {
      const result = inspectKey(sample(format.id).slice(0, -1));
      assert.equal(result.formatId, format.id);
      assert.ok(codes(result).includes('wrong_length'));
    });
  }

  it('recognizes a truncated OpenAI legacy key by its marker', () => {
    const result = inspectKey(sample('openai-user-legacy').slice(0, 45));
    assert.equal(result.formatId, 'openai-user-legacy');
    assert.ok(codes(result).includes('wrong_length'));
  });

  it('does not guess for shapes without a distinctive prefix: a short hex string is just unknown', () => {
    const result = inspectKey(sample('azure-openai-hex').slice(0, 31));
    assert.equal(result.formatId, null);
    assert.deepEqual(codes(result), ['unknown_format']);
  });
});

describe('inspectKey: whitespace and invisible characters', () => {
  const cases: [string, (key: string) => string, KeyProblemCode[]][] = [
    ['leading space', (k) => ` ${k}`, ['leading_whitespace']],
    ['trailing space', (k) => `${k} `, ['trailing_whitespace']],
    ['trailing newline', (k) => `${k}\n`, ['trailing_newline']],
    ['CRLF line ending', (k) => `${k}\r\n`, ['carriage_return', 'trailing_newline']],
    ['tab', (k) => `${k}\t`, ['tab']],
    ['space inside', (k) => `${k.slice(0, 20)} ${k.slice(20)}`, ['embedded_whitespace']],
    ['line break inside', (k) => `${k.slice(0, 60)}\n${k.slice(60)}`, ['embedded_whitespace']],
    ['byte-order mark', (k) => `\uFEFF${k}`, ['bom']],
    ['zero-width space', (k) => `${k.slice(0, 30)}\u200B${k.slice(30)}`, ['zero_width']],
    ['non-ASCII letter', (k) => `${k.slice(0, 30)}é${k.slice(30)}`, ['non_ascii']],
    ['no-break space before', (k) => `\u00A0${k}`, ['leading_whitespace']],
  ];
  for (const [name, damage, expected] of cases) {
    it(`${name}: reported, stripped, and the key still recognized`, () => {
      const result = inspectKey(damage(anthropicKey()));
      assert.deepEqual(codes(result), expected);
      assert.equal(result.formatId, 'anthropic-api');
      assert.equal(result.length, 108);
    });
  }

  it('tells where the newline comes from and how to strip it', () => {
    const { message, fix } = problem(inspectKey(`${projectKey()}\n`), 'trailing_newline');
    assert.match(message, /newline/);
    assert.match(fix, /echo -n/);
    assert.match(fix, /\.trim\(\)/);
  });

  it('names invisible characters by code point', () => {
    assert.match(problem(inspectKey(`${googleKey()}\u200D`), 'zero_width').message, /U\+200D/);
  });

  it('treats empty and blank values as empty', () => {
    for (const value of ['', '   ', '\n', '""', "''", null, undefined]) {
      const result = inspectKey(value);
      assert.ok(codes(result).includes('empty'), `value ${JSON.stringify(value)}`);
      assert.equal(result.label, 'not a key');
      assert.equal(result.length, 0);
    }
  });
});

describe('inspectKey: wrappers pasted with the key', () => {
  const cases: [string, (key: string) => string, KeyProblemCode[]][] = [
    ['double quotes', (k) => `"${k}"`, ['surrounding_quotes']],
    ['single quotes', (k) => `'${k}'`, ['surrounding_quotes']],
    ['backticks', (k) => '`' + k + '`', ['surrounding_quotes']],
    ['one quote only', (k) => `"${k}`, ['surrounding_quotes']],
    ['typographic single quotes', (k) => `‘${k}’`, ['surrounding_quotes']],
    ['typographic double quotes', (k) => `“${k}”`, ['surrounding_quotes']],
    ['Bearer scheme', (k) => `Bearer ${k}`, ['header_prefix']],
    ['whole Authorization header', (k) => `Authorization: Bearer ${k}`, ['header_prefix']],
    ['x-api-key header', (k) => `x-api-key: ${k}`, ['header_prefix']],
    ['x-goog-api-key header', (k) => `x-goog-api-key:${k}`, ['header_prefix']],
    ['.env line', (k) => `OPENAI_API_KEY=${k}`, ['assignment']],
    ['shell export with quotes', (k) => `export OPENAI_API_KEY="${k}"`, ['assignment', 'surrounding_quotes']],
    ['YAML', (k) => `api_key: ${k}`, ['assignment']],
    ['JSON member', (k) => `"apiKey": "${k}",`, ['assignment', 'surrounding_quotes']],
    ['.env line with a comment', (k) => `OPENAI_API_KEY=${k} # production`, ['assignment']],
    ['PowerShell', (k) => `$env:OPENAI_API_KEY = "${k}"`, ['assignment', 'surrounding_quotes']],
    ['spaces inside the quotes', (k) => `" ${k} "`, ['surrounding_quotes', 'leading_whitespace', 'trailing_whitespace']],
  ];
  for (const [name, wrap, expected] of cases) {
    it(`${name}: reported and peeled off`, () => {
      const result = inspectKey(wrap(projectKey()));
      assert.deepEqual(codes(result), expected);
      assert.equal(result.formatId, 'openai-project');
    });
  }

  it('explains what typographic quotes break', () => {
    const { message } = problem(inspectKey(`“${projectKey()}”`), 'surrounding_quotes');
    assert.match(message, /typographic/);
    assert.match(message, /UnicodeEncodeError|Invalid character/);
    assert.doesNotMatch(problem(inspectKey(`"${projectKey()}"`), 'surrounding_quotes').message, /typographic/);
  });

  it('says which header carries the recognized key', () => {
    assert.match(problem(inspectKey(`Bearer ${anthropicKey()}`), 'header_prefix').fix, /x-api-key: <key>/);
    assert.match(problem(inspectKey(`Bearer ${projectKey()}`), 'header_prefix').fix, /Authorization: Bearer <key>/);
  });

  it('peels several layers at once', () => {
    const result = inspectKey(`export ANTHROPIC_API_KEY=“${anthropicKey()}”\r\n`);
    assert.equal(result.formatId, 'anthropic-api');
    assert.deepEqual(codes(result).sort(), ['assignment', 'carriage_return', 'surrounding_quotes', 'trailing_newline']);
  });

  it('does not mistake base64 padding or a URL for an assignment', () => {
    assert.ok(!codes(inspectKey('YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo==')).includes('assignment'));
    assert.ok(!codes(inspectKey('https://api.openai.com/v1')).includes('assignment'));
  });
});

describe('inspectKey: text that is not a key', () => {
  const cases: [string, KeyProblemCode][] = [
    ['sk-' + 'xxx', 'placeholder'],
    ['sk-' + 'proj-' + 'xxxxxxxxxxxxxxxxxxxxxxxx', 'placeholder'],
    ['YOUR_API_KEY', 'placeholder'],
    ['<your key>', 'placeholder'],
    ['CHANGE_ME', 'placeholder'],
    ['sk-' + '...', 'placeholder'],
    ['your-api-key-here', 'placeholder'],
    ['****', 'placeholder'],
    ['${OPENAI_API_KEY}', 'unexpanded_variable'],
    ['$OPENAI_API_KEY', 'unexpanded_variable'],
    ['{{ openai_api_key }}', 'unexpanded_variable'],
    ['%OPENAI_API_KEY%', 'unexpanded_variable'],
    ['process.env.OPENAI_API_KEY', 'unexpanded_variable'],
    ['None', 'stringified_empty'],
    ['undefined', 'stringified_empty'],
    ['null', 'stringified_empty'],
    ['OPENAI_API_KEY', 'env_var_name'],
    ['ANTHROPIC_API_KEY', 'env_var_name'],
    ['gemini_api_key', 'env_var_name'],
    ['https://api.openai.com/v1', 'url'],
    ['http://localhost:4000', 'url'],
    ['sk-' + 'proj-' + '****...MxYA', 'masked'],
    ['AIza' + 'SyCh***s3hY', 'masked'],
    ['sk-' + '…a1B2', 'masked'],
  ];
  for (const [value, code] of cases) {
    it(`${JSON.stringify(value)} is ${code}, and nothing else is claimed about it`, () => {
      const result = inspectKey(value);
      assert.deepEqual(codes(result), [code]);
      assert.equal(result.provider, 'unknown');
      assert.equal(result.label, 'not a key');
    });
  }

  it('tells an unexpanded reference apart from an empty value in its remedy', () => {
    assert.match(problem(inspectKey('${OPENAI_API_KEY}'), 'unexpanded_variable').message, /OPENAI_API_KEY/);
    assert.match(problem(inspectKey('${OPENAI_API_KEY}'), 'unexpanded_variable').fix, /double quotes/);
    assert.match(problem(inspectKey('undefined'), 'stringified_empty').message, /`undefined`/);
  });

  it('names the variable whose name was pasted as its value', () => {
    const { message, fix } = problem(inspectKey('OPENAI_API_KEY'), 'env_var_name');
    assert.match(message, /OPENAI_API_KEY/);
    assert.match(fix, /process\.env\.OPENAI_API_KEY/);
  });

  it('shows the host of a pasted URL and finds a key carried in it', () => {
    assert.match(problem(inspectKey('https://api.openai.com/v1'), 'url').message, /api\.openai\.com/);
    const key = googleKey();
    const result = inspectKey(`https://generativelanguage.googleapis.com/v1beta/models?key=${key}`);
    assert.equal(result.formatId, 'google-api-key');
    assert.equal(result.length, 39);
    assert.match(problem(result, 'url').fix, /regenerate.*revoke/);
  });

  it('never takes a well-formed key for a placeholder', () => {
    for (const format of ALL_KEY_FORMATS) {
      for (let i = 0; i < 20; i++) {
        const result = inspectKey(sample(format.id));
        assert.equal(result.formatId, format.id);
      }
    }
  });
});

describe('inspectKey: format problems', () => {
  it('reports unknown text as unknown_format', () => {
    const result = inspectKey('abc' + pick(ALNUM, 40));
    assert.deepEqual(codes(result), ['unknown_format']);
    assert.equal(result.label, 'unrecognized key format');
    assert.equal(result.provider, 'unknown');
  });

  it('describes what the expected provider keys look like', () => {
    const { message } = problem(inspectKey('abc' + pick(ALNUM, 40), { expectedProvider: 'anthropic' }), 'unknown_format');
    assert.match(message, /Anthropic key/);
    assert.match(message, /sk-ant-api03-… \(108 characters\)/);
  });

  it('names the characters a format never contains', () => {
    const key = anthropicKey();
    const result = inspectKey(key.slice(0, 40) + '!' + key.slice(41));
    assert.equal(result.formatId, 'anthropic-api');
    assert.deepEqual(codes(result), ['invalid_characters']);
    assert.match(problem(result, 'invalid_characters').message, /"!"/);
  });
});

describe('inspectKey: wrong provider', () => {
  it('an OpenAI project key sent to Anthropic', () => {
    const result = inspectKey(projectKey(), { expectedProvider: 'anthropic' });
    assert.deepEqual(codes(result), ['wrong_provider']);
    assert.match(problem(result, 'wrong_provider').message, /OpenAI project key.*Anthropic/);
    assert.match(problem(result, 'wrong_provider').fix, /console\.anthropic\.com/);
  });

  it('an Anthropic key sent to OpenAI', () => {
    const result = inspectKey(anthropicKey(), { expectedProvider: 'openai' });
    assert.deepEqual(codes(result), ['wrong_provider']);
    assert.match(problem(result, 'wrong_provider').fix, /ANTHROPIC_API_KEY/);
  });

  it('a key sent to the provider that issued it is fine', () => {
    assert.deepEqual(codes(inspectKey(projectKey(), { expectedProvider: 'openai' })), []);
    assert.deepEqual(codes(inspectKey(anthropicKey(), { expectedProvider: 'anthropic' })), []);
    assert.deepEqual(codes(inspectKey(googleKey(), { expectedProvider: 'gemini' })), []);
    assert.deepEqual(codes(inspectKey(sample('azure-openai-annotated'), { expectedProvider: 'azure-openai' })), []);
  });

  it('a relay key sent to a first-party provider points at the relay base URL', () => {
    const result = inspectKey(sample('openrouter'), { expectedProvider: 'openai' });
    assert.deepEqual(codes(result), ['wrong_provider']);
    assert.match(problem(result, 'wrong_provider').fix, /https:\/\/openrouter\.ai\/api\/v1/);
    assert.deepEqual(codes(inspectKey(sample('groq'), { expectedProvider: 'anthropic' })), ['wrong_provider']);
  });

  it('the ambiguous sk- + 48 shape is not called wrong for OpenAI, but is for Anthropic', () => {
    assert.deepEqual(codes(inspectKey(sample('openai-compatible-relay'), { expectedProvider: 'openai' })), []);
    assert.deepEqual(codes(inspectKey(sample('openai-compatible-relay'), { expectedProvider: 'anthropic' })), ['wrong_provider']);
  });

  it('Google API keys may go to Vertex AI, and an OpenAI key may not go to Azure', () => {
    assert.deepEqual(codes(inspectKey(googleKey(), { expectedProvider: 'vertex' })), []);
    assert.deepEqual(codes(inspectKey(projectKey(), { expectedProvider: 'azure-openai' })), ['wrong_provider']);
    assert.deepEqual(codes(inspectKey(sample('azure-openai-hex'), { expectedProvider: 'openai' })), ['wrong_provider']);
  });

  it('a GitHub token sent to an LLM provider must be revoked', () => {
    const result = inspectKey(sample('github-classic-token'), { expectedProvider: 'openai' });
    assert.deepEqual(codes(result), ['wrong_provider']);
    assert.match(problem(result, 'wrong_provider').fix, /revoke/);
  });

  it('makes no claim for a provider whose key formats it does not know', () => {
    assert.deepEqual(codes(inspectKey(projectKey(), { expectedProvider: 'mistral' })), []);
  });

  it('matches the expected provider case-insensitively', () => {
    assert.deepEqual(codes(inspectKey(projectKey(), { expectedProvider: 'OpenAI' })), []);
  });
});

describe('inspectKey: kinds that cannot call models', () => {
  it('OpenAI and Anthropic admin keys', () => {
    for (const id of ['openai-admin', 'anthropic-admin']) {
      const result = inspectKey(sample(id));
      assert.equal(result.kind, 'admin');
      assert.equal(result.canCallModels, false);
      assert.deepEqual(codes(result), ['cannot_call_models']);
      assert.match(problem(result, 'cannot_call_models').message, /cannot call models/);
    }
  });

  it('a Claude subscription token quotes the API answer and says what to use instead', () => {
    const found = problem(inspectKey(sample('anthropic-oauth-access'), { expectedProvider: 'anthropic' }), 'cannot_call_models');
    assert.match(found.message, /OAuth authentication is currently not supported/);
    assert.match(found.fix, /sk-ant-api03-/);
  });

  it('a Google OAuth access token expires and travels as a bearer token', () => {
    const found = problem(inspectKey(sample('google-oauth-access'), { expectedProvider: 'gemini' }), 'short_lived_token');
    assert.match(found.message, /expires/);
    assert.match(found.fix, /Authorization: Bearer/);
  });
});

describe('inspectKey: messages', () => {
  const producers: (() => KeyInspection)[] = [
    () => inspectKey(''),
    () => inspectKey(`\uFEFF${anthropicKey()}\u200B`),
    () => inspectKey(` \t${anthropicKey()} \r\n`),
    () => inspectKey(`${anthropicKey().slice(0, 50)} ${anthropicKey().slice(50)}`),
    () => inspectKey(`export KEY=“Bearer ${projectKey()}é”`),
    () => inspectKey('${OPENAI_API_KEY}'),
    () => inspectKey('None'),
    () => inspectKey('https://example.com'),
    () => inspectKey('YOUR_API_KEY'),
    () => inspectKey('sk-' + '…a1B2'),
    () => inspectKey('OPENAI_API_KEY'),
    () => inspectKey('sk-' + 'ant-api03-' + '!!' + pick(URL_SAFE, 20)),
    () => inspectKey('abc' + pick(ALNUM, 30)),
    () => inspectKey(projectKey(), { expectedProvider: 'anthropic' }),
    () => inspectKey(sample('openai-admin')),
    () => inspectKey(sample('google-oauth-access')),
  ];

  it('every problem code can be produced, with a message and a fix', () => {
    const seen = new Set<KeyProblemCode>();
    for (const produce of producers) {
      for (const p of produce().problems) {
        seen.add(p.code);
        assert.ok(p.message.length > 10, `${p.code} has a message`);
        assert.ok(p.fix.length > 10, `${p.code} has a fix`);
        assert.doesNotMatch(p.message + p.fix, /undefined|\[object/, `${p.code} renders cleanly`);
      }
    }
    assert.deepEqual([...KEY_PROBLEM_CODES].filter((c) => !seen.has(c)), []);
  });
});

describe('the key never leaves in clear', () => {
  /** Every string anywhere in a value. */
  function strings(value: unknown): string[] {
    if (typeof value === 'string') return [value];
    if (Array.isArray(value)) return value.flatMap(strings);
    if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
    return [];
  }

  /** The whole key, and any 8 consecutive characters of its secret part. */
  function assertNoLeak(outputs: string[], key: string, prefixLength: number): void {
    const secret = key.slice(prefixLength);
    for (const output of outputs) {
      assert.ok(!output.includes(key), `the whole key appears in: ${output.slice(0, 80)}`);
      for (let i = 0; i + 8 <= secret.length; i++) {
        assert.ok(!output.includes(secret.slice(i, i + 8)), `part of the key appears in: ${output.slice(0, 80)}`);
      }
    }
  }

  const damages: ((key: string) => string)[] = [
    (k) => k,
    (k) => ` ${k}\r\n`,
    (k) => `Authorization: Bearer “${k}”`,
    (k) => `OPENAI_API_KEY=${k}`,
    (k) => k.slice(0, -3),
    (k) => `${k}EXTRA`,
    (k) => `${k.slice(0, 30)} \u200B${k.slice(30)}!`,
    (k) => `https://example.com/v1?key=${k}`,
  ];

  for (const [id, { prefixLength }] of Object.entries(SAMPLES)) {
    it(`${id}: not in any field of inspectKey, nor in describeSecret or redactSecrets output`, () => {
      const key = sample(id);
      for (const damage of damages) {
        for (const expectedProvider of [undefined, 'openai', 'anthropic', 'gemini']) {
          assertNoLeak(strings(inspectKey(damage(key), { expectedProvider })), key, prefixLength);
        }
      }
      assertNoLeak([describeSecret(key)], key, prefixLength);
      // Keys without a prefix are only recognizable by the header or parameter that carries them.
      const bare = prefixLength > 0 ? ` and ${key}.` : '';
      assertNoLeak([redactSecrets(`x-api-key: ${key}\nurl?key=${key}${bare}`)], key, prefixLength);
    });
  }
});
