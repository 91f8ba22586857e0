import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { seededRandom } from '../../src/core/seeded-random.js';
import { DeltaTemplate, pathIs, StreamDeltas, type JsonPath, type SlotRole } from '../../src/providers/delta-template.js';
import { ANTHROPIC_WIRE } from '../../src/providers/anthropic/wire.js';
import { OPENAI_WIRE } from '../../src/providers/openai/wire.js';

/**
 * A learnt delta template must never call something valid that JSON.parse refuses, nor read a text other
 * than the one JSON.parse reads: whatever it matches is forwarded without being parsed.
 */

/** A chat delta with its content and padding written as given (JSON or not). */
const rawChunk = (content: string, padding: string, model = 'gpt-4o-mini-2024-07-18'): string =>
  `{"id":"chatcmpl-Cgx6pZPBgfLcMqfT0ILIH2mID2zWQ","object":"chat.completion.chunk","created":1764000000,"model":${JSON.stringify(model)},"choices":[{"index":0,"delta":{"content":${content}},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":${padding}}`;
const chunk = (content: string, padding: string, model?: string): string => rawChunk(JSON.stringify(content), JSON.stringify(padding), model);

const roleOf = (path: JsonPath): SlotRole => {
  if (pathIs(path, ['obfuscation'])) return 'free';
  return pathIs(path, ['choices', 0, 'delta', 'content']) ? 'text' : 'fixed';
};

const learnt = (): DeltaTemplate => {
  const template = DeltaTemplate.learn(null, chunk(' hello', 'abcDEF'), roleOf);
  assert.ok(template);
  return template;
};

/** What JSON.parse reads from `data`: its text, or null when it is not JSON of the template's shape with another text and padding. */
function parsedText(data: string): string | null {
  let parsed: { choices: { delta: { content: unknown } }[]; obfuscation: unknown };
  try {
    parsed = JSON.parse(data) as typeof parsed;
  } catch {
    return null;
  }
  const text = parsed.choices?.[0]?.delta?.content;
  if (typeof text !== 'string' || typeof parsed.obfuscation !== 'string') return null;
  parsed.choices[0]!.delta.content = '';
  parsed.obfuscation = '';
  return isDeepStrictEqual(parsed, JSON.parse(chunk('', ''))) ? text : null;
}

describe('DeltaTemplate', () => {
  it('reads the text of a delta that differs only in its text and padding', () => {
    const template = learnt();
    assert.equal(template.textOf(null, chunk(' world', 'xY')), ' world');
    assert.equal(template.textOf(null, chunk('', '')), '');
    assert.equal(template.textOf(null, chunk('line\nbreak "quoted" \\ é 😀 \u0001', 'q')), 'line\nbreak "quoted" \\ é 😀 \u0001');
    const escaped = chunk(' hello', 'p').replace('" hello"', '"\\u00e9\\/\\t"');
    assert.equal(template.textOf(null, escaped), 'é/\t');
  });

  it('does not match what differs anywhere else, or is not valid JSON', () => {
    const template = learnt();
    const good = chunk(' world', 'xY');
    const refused = {
      'another model': chunk(' world', 'xY', 'gpt-4o'),
      'a raw control character in the text': good.replace(' world', ' wo\nrld'),
      'an unknown escape': good.replace(' world', ' wo\\qrld'),
      'a short unicode escape': good.replace(' world', ' wo\\u12'),
      'a quote ending the text early': good.replace(' world', ' wo"rld'),
      'a cut chunk': good.slice(0, good.length / 2),
      'a trailing character': `${good} `,
      'a missing brace': good.slice(0, -1),
      'a number in the text slot': good.replace('" world"', '12'),
      'an extra member': good.replace('"usage":null', '"usage":null,"x":1'),
    };
    for (const [what, data] of Object.entries(refused)) assert.equal(template.textOf(null, data), null, what);
    assert.equal(template.textOf('message', good), null, 'another event name');
  });

  it('never matches what JSON.parse refuses or reads otherwise (20,000 random edits of a delta)', () => {
    const template = learnt();
    const random = seededRandom(5);
    const alphabet = ['"', '\\', 'u', '0', 'a', 'F', 'n', '/', ' ', ',', ':', '}', ']', '{', '\u0000', '\u001f', '\n', 'é'];
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const edited = (text: string): string => {
      let out = text;
      for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
        const at = Math.floor(random() * (out.length + 1));
        const kind = random();
        if (kind < 0.4) out = out.slice(0, at) + pick(alphabet) + out.slice(at);
        else if (kind < 0.7) out = out.slice(0, at) + out.slice(at + 1);
        else out = out.slice(0, at) + pick(alphabet) + out.slice(at + 1);
      }
      return out;
    };
    let matched = 0;
    for (let i = 0; i < 20_000; i++) {
      const content = JSON.stringify(pick(['', 'hi', ' a"b', 'x\ny']));
      const padding = JSON.stringify(pick(['', 'Zq9']));
      // Edits anywhere, or inside the text and padding (where a match is possible)
      const where = random();
      const data = where < 0.3 ? edited(rawChunk(content, padding)) : where < 0.65 ? rawChunk(edited(content), padding) : rawChunk(content, edited(padding));
      const text = template.textOf(null, data);
      if (text === null) continue;
      matched++;
      assert.equal(text, parsedText(data), `matched ${JSON.stringify(data)}`);
    }
    assert.ok(matched > 2_000, `edits inside the text and padding match (${matched})`);
  });

  it('takes spaces before the closing brace as padding, as Anthropic pads its events; nothing else there', () => {
    const delta = (text: string, end: string) => `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${JSON.stringify(text)}}${end}`;
    const textRole = (path: JsonPath): SlotRole => (pathIs(path, ['delta', 'text']) ? 'text' : 'fixed');
    for (const learntEnd of ['}', '       }']) {
      const template = DeltaTemplate.learn('content_block_delta', delta('Hi', learntEnd), textRole)!;
      for (const end of ['}', ' }', '             }', ' \t }']) assert.equal(template.textOf('content_block_delta', delta(' there', end)), ' there', JSON.stringify(end));
      for (const end of ['', '} ', '\n}', '\r}', ' ', ' }}', ' ,}']) assert.equal(template.textOf('content_block_delta', delta(' there', end)), null, JSON.stringify(end));
    }
  });

  it('is not learnt from data without a text slot', () => {
    assert.equal(DeltaTemplate.learn(null, '{"choices":[]}', roleOf), null);
  });
});

describe('StreamDeltas', () => {
  it('follows a change of shape, and stops learning after three shapes', () => {
    const deltas = new StreamDeltas(roleOf);
    const models = ['m1', 'm2', 'm3', 'm4'];
    for (const model of models) {
      assert.equal(deltas.textOf(null, chunk('a', 'p', model)), null, `nothing learnt yet for ${model}`);
      deltas.learn(null, chunk('a', 'p', model));
    }
    assert.equal(deltas.textOf(null, chunk('b', 'q', 'm3')), 'b', 'the third shape was learnt');
    assert.equal(deltas.textOf(null, chunk('b', 'q', 'm4')), null, 'the fourth was not');
  });
});

describe('OpenAI stream reader with learnt deltas', () => {
  it('reads every delta as JSON.parse would, escapes and odd padding included', () => {
    const texts = ['Hel', 'lo', ' "there"', '\n\n', '\\', 'é', '😀', '', 'tab\t', '\u2028'];
    const frames = [
      `data: ${chunk('', 'a').replace('{"content":""}', '{"role":"assistant","content":""}')}\n\n`,
      ...texts.map((text, i) => `data: ${chunk(text, 'p'.repeat(i))}\n\n`),
      `data: ${chunk('!', 'p', 'gpt-4o')}\n\n`,
      `data: ${chunk('', 'z').replace('"finish_reason":null', '"finish_reason":"stop"')}\n\n`,
      'data: [DONE]\n\n',
    ];
    // One frame per chunk: a chunk of learnt deltas would come out as one event (see read-chunk)
    const reader = OPENAI_WIRE.streamReader({ hideUsage: false });
    const events = frames.flatMap((frame) => reader.push(frame));
    assert.deepEqual(
      events.map((e) => e.text),
      ['', ...texts, '!', '', ''],
    );
    assert.deepEqual(
      events.map((e) => [e.preamble, e.finishes, e.terminates, e.malformed]),
      [[true, false, false, false], ...texts.map(() => [false, false, false, false]), [false, false, false, false], [false, true, false, false], [false, false, true, false]],
    );
  });

  it('flags a broken delta after learnt ones as malformed', () => {
    const good = `data: ${chunk('a', 'p')}\n\n`;
    const broken = `data: ${chunk('b', 'p').replace('"b"', '"b\\x"')}\n\n`;
    const events = OPENAI_WIRE.streamReader({ hideUsage: false }).push(good + good + broken + good);
    assert.deepEqual(
      events.map((e) => e.malformed),
      [false, false, true, false],
    );
  });
});

describe('Anthropic stream reader with learnt deltas', () => {
  const delta = (text: string, index = 0): string => `event: content_block_delta\ndata: {"type":"content_block_delta","index":${index},"delta":{"type":"text_delta","text":${JSON.stringify(text)}}}\n\n`;

  it('reads every delta as JSON.parse would, and flags a broken one', () => {
    const texts = ['Hel', 'lo', ' "there"', '\n', '\\', 'é😀', ''];
    const broken = delta('x').replace('"x"', '"x\u0001"');
    const frames = [...texts.map((text) => delta(text)), broken, delta('!', 1), delta('?')];
    const reader = ANTHROPIC_WIRE.streamReader({ hideUsage: false });
    const events = frames.flatMap((frame) => reader.push(frame));
    assert.deepEqual(
      events.map((e) => e.text),
      [...texts, '', '!', '?'],
    );
    assert.deepEqual(
      events.map((e) => e.malformed),
      [...texts.map(() => false), true, false, false],
    );
  });
});
