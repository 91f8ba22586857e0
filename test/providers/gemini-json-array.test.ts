import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GEMINI_WIRE } from '../../src/providers/gemini/wire.js';
import { gatewayError } from './wire-support-native.js';

/** The JSON-array framing a Gemini caller gets without `alt=sse` (the end-to-end test compares it with the simulator's). */
describe('Gemini JSON-array framing', () => {
  const match = GEMINI_WIRE.match('POST', '/v1beta/models/m:streamGenerateContent', {})!;
  const framing = () => GEMINI_WIRE.clientFraming(match, new URLSearchParams())!;

  it('is chosen without alt=sse (or with alt=json), not with it, and only for streams', () => {
    assert.notEqual(GEMINI_WIRE.clientFraming(match, new URLSearchParams('alt=json')), null);
    assert.equal(GEMINI_WIRE.clientFraming(match, new URLSearchParams('alt=sse')), null);
    assert.equal(GEMINI_WIRE.clientFraming(match, new URLSearchParams('$alt=sse')), null);
    const whole = GEMINI_WIRE.match('POST', '/v1beta/models/m:generateContent', {})!;
    assert.equal(GEMINI_WIRE.clientFraming(whole, new URLSearchParams()), null);
  });

  it('turns frames split anywhere into elements, escapes angle brackets as Google does, and closes the array', () => {
    const sse = 'data: {"candidates": [{"content": {"parts": [{"text": "a <b>"}]}}]}\r\n\r\n: keep-alive\r\n\r\ndata: {"candidates": []}\r\n\r\n';
    const array = framing();
    let out = '';
    for (let at = 0; at < sse.length; at += 7) out += array.reframe(sse.slice(at, at + 7));
    out += array.close();
    assert.ok(out.startsWith('[{\n  "candidates"'));
    assert.ok(out.includes('"a \\u003cb\\u003e"'));
    assert.ok(out.includes('\n,\r\n{'));
    assert.ok(out.endsWith('\n]'));
    assert.deepEqual(JSON.parse(out), [{ candidates: [{ content: { parts: [{ text: 'a <b>' }] } }] }, { candidates: [] }]);
  });

  it('an error event becomes the last element; an array with nothing in it is still an array', () => {
    const array = framing();
    const out = array.reframe(GEMINI_WIRE.streamError(gatewayError(500, 'cut'))) + array.close();
    assert.equal((JSON.parse(out) as Array<{ error: { code: number } }>)[0]!.error.code, 500);
    assert.deepEqual(JSON.parse(framing().close()), []);
  });
});
