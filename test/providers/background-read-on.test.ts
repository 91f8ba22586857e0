import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backgroundReadOn } from '../../src/providers/openai/wire-background-read-on.js';

const event = (type: string, sequence: number, fields: Record<string, unknown> = {}) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence, ...fields })}\n\n`;

describe('reading a cut background Responses stream on', () => {
  it('asks for the events after the last one written, with the response\'s stored path', () => {
    const written = event('response.output_text.delta', 7, { delta: 'Hel' }) + event('response.output_text.delta', 8, { delta: 'lo' });
    const readOn = backgroundReadOn({ background: true, stream: true }, 'resp_abc123', written);
    assert.ok(readOn);
    assert.equal(readOn.method, 'GET');
    assert.equal(readOn.match.answerId, 'resp_abc123');
    assert.equal(readOn.match.objectPath, '/responses/resp_abc123');
    assert.equal(readOn.query.toString(), 'stream=true&starting_after=8');
  });

  it('is not fooled by an answer whose text quotes a sequence number', () => {
    const written = event('response.output_text.delta', 3, { delta: '{"sequence_number":99}' });
    assert.equal(backgroundReadOn({ background: true }, 'resp_1', written)?.query.get('starting_after'), '3');
  });

  it('reads from the start when nothing was written yet: asking again would start a second response', () => {
    assert.equal(backgroundReadOn({ background: true }, 'resp_1', '')?.query.toString(), 'stream=true');
  });

  it('has nothing to read on from in the foreground', () => {
    assert.equal(backgroundReadOn({ stream: true }, 'resp_1', event('response.created', 0)), null);
    assert.equal(backgroundReadOn({ background: false }, 'resp_1', event('response.created', 0)), null);
  });
});
