import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { maskSecret, redactSecrets } from '../../../src/core/redact.js';
import { hashClientKey, maskClientKey, newClientKey, newClientKeyId, randomBase62 } from '../../../src/gateway/clients/client-key-format.js';

const BASE62 = /^[0-9A-Za-z]+$/;

describe('client key format', () => {
  it('is llmd_ + 40 base62 characters, with at least 230 bits of entropy', () => {
    const key = newClientKey();
    assert.match(key, /^llmd_[0-9A-Za-z]{40}$/);
    assert.ok(40 * Math.log2(62) >= 230);
  });

  it('names keys ck_ + 16 base62 characters', () => {
    assert.match(newClientKeyId(), /^ck_[0-9A-Za-z]{16}$/);
    assert.notEqual(newClientKeyId(), newClientKeyId());
  });

  it('never repeats a key', () => {
    const keys = new Set(Array.from({ length: 2_000 }, () => newClientKey()));
    assert.equal(keys.size, 2_000);
  });

  it('draws every base62 character about equally often', () => {
    const text = randomBase62(124_000);
    assert.match(text, BASE62);
    const counts = new Map<string, number>();
    for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
    assert.equal(counts.size, 62);
    // Expected 2,000 each (sd ≈ 44, bounds at 5 sd); a plain byte % 62 would give the first 8 characters ≈ 2,420
    for (const [char, count] of counts) assert.ok(count > 1_780 && count < 2_220, `${char}: ${count}`);
  });

  it('stores the SHA-256 hex of the whole key', () => {
    const key = newClientKey();
    assert.equal(hashClientKey(key), createHash('sha256').update(key).digest('hex'));
    assert.notEqual(hashClientKey(key), hashClientKey(newClientKey()));
  });

  it('masks to llmd_… plus the last 4 characters, as redactSecrets does in logs', () => {
    const key = newClientKey();
    assert.equal(maskClientKey(key), `llmd_…${key.slice(-4)}`);
    assert.equal(maskSecret(key), maskClientKey(key));
    const line = `GET /v1beta/models?key=${key} from ${key}; x-api-key: ${key}`;
    const redacted = redactSecrets(line);
    assert.ok(!redacted.includes(key), redacted);
    assert.ok(!redacted.includes(key.slice(5, -4)), redacted);
    assert.ok(redacted.includes(maskClientKey(key)));
  });
});
