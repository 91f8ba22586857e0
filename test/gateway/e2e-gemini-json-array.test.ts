import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fingerprint } from '../../src/core/redact.js';
import { gatewayConfig, startRig, type Rig } from './support/harness.js';

/**
 * streamGenerateContent without `alt=sse`: Google's default framing, one JSON array written as it grows, which
 * REST callers (curl, hand-written clients) read. The gateway asks the upstream for SSE whatever the caller
 * asked, so it must hand the caller back the array it asked for, byte for byte as Google writes it.
 */

const MODEL = 'gemini-2.5-flash';
const LIMIT = { timeout: 20_000 };
const BODY = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Tell me about tags in HTML.' }] }] });

describe('e2e: Gemini streams as a JSON array', () => {
  let rig: Rig;
  let keys: { ok: string; cut: string };

  before(async () => {
    rig = await startRig((mock) => {
      keys = { ok: mock.issueKey('gemini'), cut: mock.issueKey('gemini', 'stream_cut') };
      return gatewayConfig(
        mock,
        [
          { name: 'ok', provider: 'gemini', keys: [keys.ok] },
          { name: 'cut', provider: 'gemini', keys: [keys.cut] },
        ],
        [
          { model: 'array', targets: [{ upstream: 'ok', model: MODEL }] },
          { model: 'array-cut', targets: [{ upstream: 'cut', model: MODEL }], policies: { attemptsPerTarget: 1 } },
        ],
      );
    });
  });
  after(() => rig?.close());

  const stream = (base: string, model: string, key: string, query = '') =>
    fetch(`${base}/v1beta/models/${model}:streamGenerateContent${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': key },
      body: BODY,
    });

  it('without alt=sse, the caller gets the JSON array the API writes, byte for byte', LIMIT, async () => {
    const direct = await stream(rig.mock.baseUrls.gemini, MODEL, keys.ok);
    const expected = await direct.text();
    const through = await stream(rig.gateway.url, 'array', 'unused');
    assert.equal(through.status, 200);
    assert.match(through.headers.get('content-type') ?? '', /^application\/json/);
    const text = await through.text();
    assert.ok(expected.startsWith('[{') && expected.includes('\n,\r\n'), 'the reference is an array of several chunks');
    assert.equal(text, expected);
    const chunks = JSON.parse(text) as Array<{ candidates: Array<{ finishReason?: string }> }>;
    assert.equal(chunks.at(-1)!.candidates[0]!.finishReason, 'STOP');
  });

  it('with alt=sse (what the SDKs send), the caller still gets SSE', LIMIT, async () => {
    const through = await stream(rig.gateway.url, 'array', 'unused', '?alt=sse');
    assert.match(through.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.match(await through.text(), /^data: \{/);
  });

  it('a stream cut after it started ends the array with an error element, still valid JSON, never finished', LIMIT, async () => {
    const from = rig.mock.attempts().length;
    const through = await stream(rig.gateway.url, 'array-cut', 'unused', '?alt=json');
    assert.equal(through.status, 200);
    const text = await through.text();
    const chunks = JSON.parse(text) as Array<Record<string, unknown>>;
    assert.ok(chunks.length >= 2, 'some of the answer came first');
    const last = chunks.at(-1) as { error?: { status?: string; message?: string; llmdoctor?: unknown } };
    assert.match(last.error?.message ?? '', /cut after it started/);
    assert.ok(last.error?.llmdoctor, 'with our diagnosis');
    assert.ok(!text.includes('"finishReason"'), 'never presented as finished');
    assert.deepEqual(
      rig.mock.attempts().slice(from).map((a) => [a.keyFingerprint, a.outcome]),
      [[fingerprint(keys.cut), 'stream_cut']],
    );
  });
});
