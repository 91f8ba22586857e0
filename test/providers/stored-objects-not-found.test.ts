import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify } from '../../src/providers/classify.js';
import { previousResponseNotFound, responseNotFound } from '../../src/providers/openai/simulated-request-errors.js';

/**
 * OpenAI's "not found" for a stored object (a response, file, assistant, thread) another project's key asked for:
 * not a wrong URL and not a bad parameter, but the key's project. Gateways with keys of several projects meet it.
 */
describe('OpenAI stored objects outside the key\'s project', () => {
  const stored = (status: number, message: string) => ({ status, body: { error: { message, type: 'invalid_request_error', param: null, code: null } } });

  it('previous_response_not_found (as the simulator answers it) says which project holds a response', () => {
    const answer = previousResponseNotFound('req_1', 'resp_abc');
    const diagnosis = classify({ status: answer.status, body: answer.body, headers: answer.headers });
    assert.equal(diagnosis.category, 'bad_request');
    assert.equal(diagnosis.retryable, false);
    assert.match(diagnosis.title, /not in this key's project/);
    assert.ok(diagnosis.fixes.some((fix) => /key that made it/.test(fix)));
    assert.ok(diagnosis.evidence.some((line) => line.includes('previous_response_not_found')), diagnosis.evidence.join(' | '));
  });

  it('a 404 for a stored object is that, not a wrong URL', () => {
    const answer = responseNotFound('req_1', 'resp_abc');
    const cases = [
      { status: answer.status, body: answer.body, headers: answer.headers },
      stored(404, 'No such File object: file-abc123'),
      stored(404, "No assistant found with id 'asst_abc123'."),
      stored(404, "No thread found with id 'thread_abc123'."),
      stored(404, "No vector store found with id 'vs_abc123'."),
    ];
    for (const input of cases) {
      const diagnosis = classify(input);
      assert.equal(diagnosis.category, 'bad_request', JSON.stringify(input.body));
      assert.match(diagnosis.title, /not in this key's project/);
      assert.equal(diagnosis.mayBeInAnotherAccount, true, 'another project\'s key may hold it');
    }
  });

  it('a wrong URL is still a wrong URL, and a missing model still a missing model', () => {
    assert.equal(classify(stored(404, 'Invalid URL (POST /v1/chat/completion)')).category, 'wrong_endpoint');
    assert.equal(classify({ status: 404, body: { error: { message: 'The model `gpt-9` does not exist or you do not have access to it.', type: 'invalid_request_error', param: null, code: 'model_not_found' } } }).category, 'model_not_found');
  });

  it('no other bad request says another key may succeed', () => {
    const invalid = classify({ status: 400, body: { error: { message: "Invalid value for 'temperature'.", type: 'invalid_request_error', param: 'temperature', code: 'invalid_value' } } });
    assert.equal(invalid.category, 'bad_request');
    assert.equal('mayBeInAnotherAccount' in invalid, false);
  });
});

describe('Gemini caches and files the key cannot see', () => {
  const google = (message: string) => ({ status: 403, body: { error: { code: 403, message, status: 'PERMISSION_DENIED' } } });

  it('a cache or file that expired or another project made is the request\'s, not the key\'s: never disables a key', () => {
    for (const message of ['CachedContent not found (or permission denied)', 'You do not have permission to access the File abc123 or it may not exist.']) {
      const diagnosis = classify(google(message));
      assert.equal(diagnosis.category, 'bad_request', message);
      assert.equal(diagnosis.provider, 'gemini');
      assert.match(diagnosis.title, /cache or file this key cannot see/);
      assert.equal(diagnosis.mayBeInAnotherAccount, true);
    }
  });

  it('a 403 about the key itself stays permission_denied', () => {
    assert.equal(classify(google('Permission denied: Consumer has been suspended.')).category, 'permission_denied');
    assert.equal(classify(google('Requests from referer <empty> are blocked.')).category, 'permission_denied');
  });
});
