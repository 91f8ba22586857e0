import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify } from '../../src/providers/classify.js';

const google = (message: string) => ({ status: 400, body: { error: { code: 400, message, status: 'INVALID_ARGUMENT' } } });

describe('Gemini context cache refusals', () => {
  it('a cache under the model\'s minimum says so, and what to do, in both wordings', () => {
    for (const message of [
      'Cached content is too small. total_token_count=896, min_total_token_count=1024',
      'The cached content is of 2301 tokens. The minimum token count to start caching is 4096.',
    ]) {
      const diagnosis = classify(google(message));
      assert.equal(diagnosis.category, 'bad_request', message);
      assert.match(diagnosis.title, /under the model's minimum/);
      assert.ok(diagnosis.fixes.some((fix) => /Cache more at once/.test(fix)));
      assert.equal(diagnosis.retryable, false);
    }
  });

  it('a request that does not match its cache: another model, or a system instruction beside it', () => {
    for (const message of [
      'Model used by GenerateContent request (models/gemini-2.5-pro) and CachedContent (models/gemini-2.5-flash) has to be the same.',
      'CachedContent can not be used with GenerateContent request setting system_instruction, tools or tool_config.\n\nProposed fix: move those values to CachedContent from GenerateContent request.',
    ]) {
      const diagnosis = classify(google(message));
      assert.equal(diagnosis.category, 'bad_request', message);
      assert.match(diagnosis.title, /does not match the cache/);
      assert.equal('mayBeInAnotherAccount' in diagnosis, false, 'another key would be refused the same');
    }
  });

  it('other bad requests keep the generic reading', () => {
    const diagnosis = classify(google('Invalid value at \'generation_config.temperature\' (TYPE_FLOAT), "hot"'));
    assert.equal(diagnosis.category, 'bad_request');
    assert.doesNotMatch(diagnosis.title, /cache/i);
  });
});
