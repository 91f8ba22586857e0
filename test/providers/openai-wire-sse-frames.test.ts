import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../src/core/seeded-random.js';
import { SseFrames, type SseFrame } from '../../src/providers/sse-frames.js';

/** The SSE splitter the OpenAI reader is built on: how the bytes are cut into reads must not matter. */

const STREAM = [
  ': keep-alive',
  '',
  'event: response.created',
  'data: {"type":"response.created"}',
  '',
  'data: {"a":1,',
  'data: "b":2}',
  '',
  `data: ${JSON.stringify({ text: 'x'.repeat(5000) })}`,
  '',
  'data: [DONE]',
].join('\n');

function split(text: string, seed: number, maxPiece: number): SseFrame[] {
  const frames = new SseFrames();
  const random = seededRandom(seed);
  const out: SseFrame[] = [];
  for (let at = 0; at < text.length; ) {
    const size = 1 + Math.floor(random() * maxPiece);
    out.push(...frames.push(text.slice(at, at + size)));
    at += size;
  }
  return [...out, ...frames.end()];
}

describe('SseFrames', () => {
  for (const [name, ending] of [['LF', '\n'], ['CRLF', '\r\n'], ['CR', '\r']] as const) {
    it(`${name}: any cut gives the frames of the whole text`, () => {
      const text = STREAM.replace(/\n/g, ending);
      const whole = split(text, 1, text.length);
      assert.deepEqual(whole.map((f) => f.data), ['', '{"type":"response.created"}', '{"a":1,\n"b":2}', JSON.stringify({ text: 'x'.repeat(5000) }), '[DONE]']);
      assert.equal(whole[1]?.event, 'response.created');
      assert.equal(whole.slice(0, -1).map((f) => f.raw).join(''), text.slice(0, text.lastIndexOf('data: [DONE]')));
      assert.equal(whole.at(-1)?.raw, 'data: [DONE]\n\n');
      for (const seed of [2, 3, 4, 5]) {
        for (const maxPiece of [1, 3, 50]) assert.deepEqual(split(text, seed, maxPiece), whole, `seed ${seed}, pieces up to ${maxPiece}`);
      }
    });
  }

  it('a CRLF inside a frame is one line end, even when cut between CR and LF', () => {
    const text = 'data: a\r\ndata: b\r\n\r\n';
    for (const cut of [8, 9, 17, 18, 19]) {
      const frames = new SseFrames();
      const got = [...frames.push(text.slice(0, cut)), ...frames.push(text.slice(cut)), ...frames.end()];
      assert.deepEqual(got.map((f) => f.data), ['a\nb'], `cut at ${cut}`);
      assert.equal(got[0]?.raw, text);
    }
  });

  it('holds a frame until its blank line, then gives it whole', () => {
    const frames = new SseFrames();
    assert.deepEqual(frames.push('data: {"big":"'), []);
    assert.deepEqual(frames.push('y'.repeat(1000)), []);
    assert.deepEqual(frames.push('"}\n'), []);
    const [frame] = frames.push('\ndata: next');
    assert.equal(frame?.data, `{"big":"${'y'.repeat(1000)}"}`);
    assert.deepEqual(frames.end().map((f) => f.data), ['next']);
    assert.deepEqual(frames.end(), []);
  });
});
