import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../src/core/seeded-random.js';
import { ANTHROPIC_WIRE } from '../../src/providers/anthropic/wire.js';
import { withTemplatesOff } from '../helpers/templates-off.js';
import { OPENAI_WIRE } from '../../src/providers/openai/wire.js';
import type { StreamEvent, WireFormat } from '../../src/providers/wire.js';

/**
 * Learnt text deltas that follow one another in a chunk come out as one event. That must never change what a
 * relay does: the events, once consecutive plain text events are merged, are the same however the stream is cut,
 * and the same as when every frame is read alone.
 */

const chatFrame = (content: string, padding: string, model = 'gpt-4o-mini-2024-07-18'): string =>
  `data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1764000000,"model":${JSON.stringify(model)},"choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"logprobs":null,"finish_reason":null}],"obfuscation":${JSON.stringify(padding)}}\n\n`;
const CHAT_OPENING = 'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1764000000,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n';
const CHAT_FINISH = 'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1764000000,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}\n\n';
const CHAT_USAGE = 'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1764000000,"model":"gpt-4o-mini-2024-07-18","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":4,"total_tokens":13}}\n\n';
const DONE = 'data: [DONE]\n\n';

const messagesDelta = (text: string, index = 0): string => `event: content_block_delta\ndata: {"type":"content_block_delta","index":${index},"delta":{"type":"text_delta","text":${JSON.stringify(text)}}}\n\n`;
const MESSAGES_OPENING =
  'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","usage":{"input_tokens":9,"output_tokens":1}}}\n\n' +
  'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
  'event: ping\ndata: {"type": "ping"}\n\n';
const MESSAGES_CLOSING =
  'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n' +
  'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":4}}\n\n' +
  'event: message_stop\ndata: {"type":"message_stop"}\n\n';

function readAll(wire: WireFormat, chunks: string[], hideUsage = true): StreamEvent[] {
  const reader = wire.streamReader({ hideUsage });
  return [...chunks.flatMap((chunk) => reader.push(chunk)), ...reader.end()];
}

/** The stream read frame by frame, every frame made a frame and read as before runs existed: the reference. */
function readFrameByFrame(wire: WireFormat, stream: string): StreamEvent[] {
  return withTemplatesOff(['frameText', 'frameMatches'], () => readAll(wire, [stream]));
}

const isPlainText = (e: StreamEvent): boolean => e.text !== '' && !e.preamble && e.usage === null && !e.finishes && !e.terminates && !e.hidden && e.error === null && !e.malformed;

/** The events with every run of consecutive plain text events merged into one: what a relay makes of them. */
function merged(events: StreamEvent[]): StreamEvent[] {
  const out: StreamEvent[] = [];
  for (const event of events) {
    const last = out.at(-1);
    if (last && isPlainText(last) && isPlainText(event)) out[out.length - 1] = { ...last, raw: last.raw + event.raw, text: last.text + event.text };
    else out.push(event);
  }
  return out;
}

const TEXTS = ['Hel', 'lo', ' "there"', '\n', '\\', 'é', '😀', '', 'tab\t', '\u2028', ' a', ' longer piece of the answer'];

describe('readChunk: runs of learnt deltas', () => {
  it('a whole chat stream in one chunk: opening, the delta that teaches the template, one run, finish, usage, [DONE]', () => {
    const texts = [' one', ' two', ' three', ' four'];
    const stream = CHAT_OPENING + chatFrame('Zero', 'ab') + texts.map((text, i) => chatFrame(text, 'p'.repeat(i))).join('') + CHAT_FINISH + CHAT_USAGE + DONE;
    const events = readAll(OPENAI_WIRE, [stream]);
    assert.equal(events.map((e) => e.raw).join(''), stream);
    assert.deepEqual(
      events.map((e) => [e.text, e.preamble, e.finishes, e.hidden, e.terminates]),
      [
        ['', true, false, false, false],
        ['Zero', false, false, false, false],
        [texts.join(''), false, false, false, false],
        ['', false, true, false, false],
        ['', false, false, true, false],
        ['', false, false, false, true],
      ],
    );
    assert.equal(events[2]?.raw, texts.map((text, i) => chatFrame(text, 'p'.repeat(i))).join(''));
  });

  it('a delta that is broken, empty, or of another shape ends the run and is read alone', () => {
    const broken = chatFrame('x', 'p').replace('"x"', '"x\\q"');
    const stream = chatFrame('a', 'p') + chatFrame('b', 'p') + chatFrame('c', 'p') + broken + chatFrame('d', 'p') + chatFrame('', 'p') + chatFrame('e', 'p') + chatFrame('f', 'p', 'gpt-4o') + chatFrame('g', 'p');
    const events = readAll(OPENAI_WIRE, [stream], false);
    assert.deepEqual(
      events.map((e) => [e.text, e.malformed]),
      [['a', false], ['bc', false], ['', true], ['d', false], ['', false], ['e', false], ['f', false], ['g', false]],
    );
  });

  it('a whole Messages stream in one chunk: the deltas after the first are one run', () => {
    const stream = MESSAGES_OPENING + ['Hi', ' there', ',', ' friend'].map((text) => messagesDelta(text)).join('') + MESSAGES_CLOSING;
    const events = readAll(ANTHROPIC_WIRE, [stream]);
    assert.equal(events.map((e) => e.raw).join(''), stream);
    assert.deepEqual(
      events.map((e) => e.text),
      ['', '', '', 'Hi', ' there, friend', '', '', ''],
    );
    assert.equal(events.at(-1)?.terminates, true);
  });

  it('a frame with anything beside its one data line, or a data line written otherwise, is parsed alone', () => {
    const commented = chatFrame('b', 'p').replace('data: ', ': note\ndata: ');
    const spaceless = chatFrame('b', 'p').replace('data: ', 'data:');
    const stream = chatFrame('a', 'p') + chatFrame('b', 'p') + chatFrame('c', 'p') + commented + spaceless + chatFrame('d', 'p') + chatFrame('e', 'p');
    const events = readAll(OPENAI_WIRE, [stream], false);
    assert.deepEqual(
      events.map((e) => e.text),
      ['a', 'bc', 'b', 'b', 'de'],
    );
  });

  it('a template learnt from data of two lines reads nothing in place: the second line of a frame may not be data', () => {
    const twoDataLines = chatFrame('a', 'p').replace('"choices"', '\ndata: "choices"');
    const secondLineNotData = chatFrame('b', 'p').replace('"choices"', '\n"choices"');
    const events = readAll(OPENAI_WIRE, [twoDataLines + twoDataLines + secondLineNotData], false);
    assert.deepEqual(
      events.map((e) => [e.text, e.malformed]),
      [['a', false], ['a', false], ['', true]],
    );
  });

  it('CRLF line ends, and chunks cut anywhere, make runs too', () => {
    const stream = (chatFrame('a', 'p') + chatFrame('b', 'p') + chatFrame('c', 'p') + chatFrame('d', 'p')).replace(/\n/g, '\r\n');
    const whole = readAll(OPENAI_WIRE, [stream], false);
    assert.deepEqual(
      whole.map((e) => e.text),
      ['a', 'bcd'],
    );
    const cut = readAll(OPENAI_WIRE, [stream.slice(0, 400), stream.slice(400)], false);
    assert.equal(cut.map((e) => e.raw).join(''), stream);
    assert.ok(cut.length < 4, 'the deltas completed by one read come out as one event');
  });

  for (const [name, wire, stream] of [
    ['chat', OPENAI_WIRE, randomChatStream],
    ['Messages', ANTHROPIC_WIRE, randomMessagesStream],
  ] as const) {
    it(`${name}: the same events, runs merged, however the stream is cut (300 random streams)`, () => {
      const random = seededRandom(11);
      for (let round = 0; round < 300; round++) {
        const frames = stream(random);
        const whole = frames.join('');
        const oneByOne = merged(readFrameByFrame(wire, whole));
        const cuts = [
          [whole],
          framesInChunks(frames, random),
          piecesOf(whole, random),
          framesInChunks(frames, random).map((chunk) => (random() < 0.2 ? chunk.replace(/\n/g, '\r\n') : chunk)),
        ];
        for (const [index, chunks] of cuts.entries()) {
          const events = readAll(wire, chunks);
          const read = chunks.join('');
          assert.equal(events.map((e) => e.raw).join(''), read, `round ${round}, cut ${index}: raw is the stream`);
          assert.deepEqual(merged(events), read === whole ? oneByOne : merged(readFrameByFrame(wire, read)), `round ${round}, cut ${index}`);
        }
      }
    });
  }
});

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function randomChatStream(random: () => number): string[] {
  const frames = [CHAT_OPENING];
  const count = Math.floor(random() * 12);
  for (let i = 0; i < count; i++) {
    const roll = random();
    if (roll < 0.05) frames.push(chatFrame('x', 'p').replace('"x"', '"x\\q"'));
    else if (roll < 0.1) frames.push(': keep-alive\n\n');
    else if (roll < 0.15) frames.push(chatFrame(pick(random, TEXTS), 'q', 'gpt-4o'));
    // Not a data line: a field this reader ignores, with a delta's data after it
    else if (roll < 0.2) frames.push(chatFrame(pick(random, TEXTS), 'p').replace('data: ', 'xata: '));
    else if (roll < 0.25) frames.push(chatFrame('a', 'p').replace('\n\n', '\r\rdata: [DONE]\r\n\n'));
    else if (roll < 0.3) frames.push(chatFrame(pick(random, TEXTS), 'p').replace('"choices"', '\ndata: "choices"'));
    else if (roll < 0.35) frames.push(chatFrame(pick(random, TEXTS), 'p').replace('"choices"', '\n"choices"'));
    else frames.push(chatFrame(pick(random, TEXTS), 'p'.repeat(Math.floor(random() * 5))));
  }
  frames.push(CHAT_FINISH, CHAT_USAGE);
  if (random() < 0.8) frames.push(DONE);
  return frames;
}

function randomMessagesStream(random: () => number): string[] {
  const frames = [MESSAGES_OPENING];
  const count = Math.floor(random() * 12);
  for (let i = 0; i < count; i++) {
    const roll = random();
    if (roll < 0.05) frames.push(messagesDelta('x').replace('"x"', '"x\u0001"'));
    else if (roll < 0.1) frames.push('event: ping\ndata: {"type": "ping"}\n\n');
    // Another event's name, as long as the delta's
    else if (roll < 0.15) frames.push(messagesDelta(pick(random, TEXTS)).replace('content_block_delta\n', 'content_block_other\n'));
    else frames.push(messagesDelta(pick(random, TEXTS), roll < 0.2 ? 1 : 0));
  }
  frames.push(MESSAGES_CLOSING);
  return frames;
}

/** Whole frames, a few to a chunk: chunks that start on a frame boundary. */
function framesInChunks(frames: string[], random: () => number): string[] {
  const chunks: string[] = [];
  for (let at = 0; at < frames.length; ) {
    const size = 1 + Math.floor(random() * 4);
    chunks.push(frames.slice(at, at + size).join(''));
    at += size;
  }
  return chunks;
}

/** The stream cut anywhere, between a blank line's two characters included. */
function piecesOf(stream: string, random: () => number): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < stream.length; ) {
    const size = 1 + Math.floor(random() * 200);
    pieces.push(stream.slice(at, at + size));
    at += size;
  }
  return pieces;
}
