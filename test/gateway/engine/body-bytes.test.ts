import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyBytesFor } from '../../../src/gateway/engine/body-bytes.js';

const received = (text: string) => ({ raw: Buffer.from(text), parsed: JSON.parse(text) as Record<string, unknown> });
const sent = (bytes: Buffer | string) => JSON.parse(bytes.toString()) as unknown;

describe('body bytes for a rewritten request body', () => {
  it('sends the bytes received when nothing changed', () => {
    const { raw, parsed } = received('{"model":"m","messages":[{"role":"user","content":"hé \\u00e9"}],"stream":true}');
    assert.equal(bodyBytesFor(raw, parsed, parsed), raw);
    assert.equal(bodyBytesFor(raw, parsed, { ...parsed }), raw, 'a copy with the same fields is the same body');
  });

  it('puts added top-level fields in front of the bytes received, which stay as they were', () => {
    const text = '  {"model":"m","messages":[{"role":"user","content":"a \\"quoted\\" \\u00e9 word"}],"stream":true}\n';
    const { raw, parsed } = received(text);
    const rewritten = { ...parsed, stream_options: { include_usage: true } };
    const bytes = bodyBytesFor(raw, parsed, rewritten);
    assert.deepEqual(sent(bytes), rewritten);
    assert.ok(bytes.toString().endsWith(text.slice(text.indexOf('{') + 1)), 'the original text follows unchanged');
  });

  it('handles an empty object', () => {
    const { raw, parsed } = received(' { } ');
    assert.deepEqual(sent(bodyBytesFor(raw, parsed, { stream: true })), { stream: true });
  });

  it('serialises afresh when a field changed or went away', () => {
    const { raw, parsed } = received('{"model":"m","stream_options":{"include_usage":false},"stream":true}');
    const changed = { ...parsed, stream_options: { include_usage: true } };
    assert.equal(bodyBytesFor(raw, parsed, changed), JSON.stringify(changed));
    const { stream: _dropped, ...fewer } = parsed;
    assert.equal(bodyBytesFor(raw, parsed, fewer), JSON.stringify(fewer));
  });
});
