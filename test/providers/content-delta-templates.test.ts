import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seededRandom } from '../../src/core/seeded-random.js';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';
import { ANTHROPIC_WIRE } from '../../src/providers/anthropic/wire.js';
import { OPENAI_WIRE } from '../../src/providers/openai/wire.js';
import type { StreamEvent, WireFormat } from '../../src/providers/wire.js';
import { withTemplatesOff } from '../helpers/templates-off.js';

/**
 * Tool calls and thinking stream most of their frames as deltas of one shape, as text does: the readers read them
 * against a learnt template instead of parsing each. What they make of a stream must not change: every event equals
 * the one a reader with no templates at all makes, for streams cut anywhere.
 */

const TEXT = { type: 'string' };
const TOOL = { name: 'write_file', parameters: { type: 'object', properties: { path: TEXT, title: TEXT, summary: TEXT, content: TEXT, notes: TEXT } } };
const PROMPT = 'Write the notes to a file, with care.';

let mock: RunningMock;
before(async () => {
  mock = await startMock({ port: 0, seed: 11, firstTokenMs: 0, tokensPerSecond: 0 });
});
after(() => mock.close());

async function streamOf(provider: 'openai' | 'anthropic', path: string, body: object): Promise<string> {
  const key = mock.issueKey(provider);
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(provider === 'openai' ? { authorization: `Bearer ${key}` } : { 'x-api-key': key, 'anthropic-version': '2023-06-01' }) };
  const res = await fetch(`${mock.baseUrls[provider]}${path}`, { method: 'POST', headers, body: JSON.stringify({ ...body, stream: true }) });
  assert.equal(res.status, 200, await res.clone().text());
  return res.text();
}

/** The stream's events, fed in pieces of 1 to 60 characters, and how many times JSON.parse ran meanwhile. */
function read(wire: WireFormat, stream: string, seed: number): { events: StreamEvent[]; parsed: number } {
  const reader = wire.streamReader({ hideUsage: false });
  const random = seededRandom(seed);
  const parse = JSON.parse;
  let parsed = 0;
  JSON.parse = (...args: Parameters<typeof JSON.parse>) => {
    parsed++;
    return parse(...args) as unknown;
  };
  try {
    const events: StreamEvent[] = [];
    for (let at = 0; at < stream.length; ) {
      const size = 1 + Math.floor(random() * 60);
      events.push(...reader.push(stream.slice(at, at + size)));
      at += size;
    }
    events.push(...reader.end());
    return { events, parsed };
  } finally {
    JSON.parse = parse;
  }
}

/** The same, by a reader that holds no template: every frame parsed. */
function readParsingAll(wire: WireFormat, stream: string, seed: number): StreamEvent[] {
  return withTemplatesOff(['textOf', 'frameText', 'matches', 'frameMatches'], () => read(wire, stream, seed).events);
}

/** Events that say nothing but their text, or nothing but that they are other content. */
const plainKind = (e: StreamEvent): 'text' | 'other' | null => {
  if (e.preamble || e.finishes || e.terminates || e.usage !== null || e.error !== null || e.hidden || e.malformed) return null;
  if (e.text !== '' && !e.otherContent) return 'text';
  return e.text === '' && e.otherContent ? 'other' : null;
};

/** Consecutive plain events of one kind joined, as a relay reads them (deltas read in place come out as one). */
function merged(events: StreamEvent[]): StreamEvent[] {
  const out: StreamEvent[] = [];
  for (const event of events) {
    const last = out.at(-1);
    if (last && plainKind(last) !== null && plainKind(last) === plainKind(event)) out[out.length - 1] = { ...last, raw: last.raw + event.raw, text: last.text + event.text };
    else out.push(event);
  }
  return out;
}

function assertSameReading(wire: WireFormat, stream: string, frames: number): void {
  for (let seed = 1; seed <= 20; seed++) {
    const { events, parsed } = read(wire, stream, seed);
    assert.deepEqual(merged(events), merged(readParsingAll(wire, stream, seed)), `seed ${seed}`);
    assert.equal(events.map((e) => e.raw).join(''), stream, 'every byte forwarded, in order');
    // The opening frames, the first delta of each kind, a signature, the finish: never the deltas that follow
    assert.ok(parsed <= 12, `${parsed} of ${frames} frames parsed (seed ${seed})`);
  }
}

const frameCount = (stream: string): number => stream.split('\n\n').length - 1;

describe('tool-call and thinking deltas read against a template', () => {
  it('OpenAI chat: a tool call streams its arguments as deltas of one shape', async () => {
    const stream = await streamOf('openai', '/chat/completions', {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: PROMPT }],
      tools: [{ type: 'function', function: TOOL }],
      tool_choice: 'required',
      stream_options: { include_usage: true },
    });
    assert.ok(frameCount(stream) > 20, 'a call of many fragments');
    assertSameReading(OPENAI_WIRE, stream, frameCount(stream));
    assert.ok(read(OPENAI_WIRE, stream, 1).events.filter((e) => e.otherContent).length > 20);
  });

  it('Anthropic: a tool_use block streams its input as deltas of one shape', async () => {
    const stream = await streamOf('anthropic', '/v1/messages', {
      model: 'claude-sonnet-4-5',
      max_tokens: 1_000,
      messages: [{ role: 'user', content: PROMPT }],
      tools: [{ name: TOOL.name, input_schema: TOOL.parameters }],
      tool_choice: { type: 'any' },
    });
    assert.ok(frameCount(stream) > 20);
    assertSameReading(ANTHROPIC_WIRE, stream, frameCount(stream));
  });

  it('Anthropic: thinking then text, each read against its own template', async () => {
    const stream = await streamOf('anthropic', '/v1/messages', {
      model: 'claude-sonnet-4-5',
      max_tokens: 4_000,
      thinking: { type: 'enabled', budget_tokens: 2_000 },
      messages: [{ role: 'user', content: PROMPT }],
    });
    assert.ok(frameCount(stream) > 30);
    assertSameReading(ANTHROPIC_WIRE, stream, frameCount(stream));
    const { events } = read(ANTHROPIC_WIRE, stream, 3);
    assert.ok(events.some((e) => e.text !== '') && events.some((e) => e.otherContent));
  });

  it('a server that repeats "content":null in every tool-call delta gets its template too', () => {
    const chunk = (delta: object) => `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`;
    const stream = [{ role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '' } }] }, ...['{"a"', ':', '1', '}'].map((piece) => ({ content: null, tool_calls: [{ index: 0, function: { arguments: piece } }] }))]
      .map(chunk)
      .join('');
    const { events, parsed } = read(OPENAI_WIRE, stream, 2);
    assert.deepEqual(merged(events), merged(readParsingAll(OPENAI_WIRE, stream, 2)));
    assert.equal(parsed, 2, 'the opening and the first argument delta');
  });

  it('text and argument deltas side by side come out as runs of one kind each', () => {
    const chunk = (delta: object) => `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`;
    const text = (content: string) => chunk({ content });
    const args = (piece: string) => chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] });
    const learning = chunk({ role: 'assistant', content: '' }) + text('Hi') + chunk({ tool_calls: [{ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '' } }] }) + args('{');
    const stream = learning + text(' a') + text(' b') + args('"x"') + args(':1') + text(' c') + args('}');
    const reader = OPENAI_WIRE.streamReader({ hideUsage: false });
    reader.push(learning);
    const events = reader.push(stream.slice(learning.length));
    assert.deepEqual(
      events.map((e) => [e.text, e.otherContent]),
      [[' a b', false], ['', true], [' c', false], ['', true]],
    );
    assert.equal(events.map((e) => e.raw).join(''), stream.slice(learning.length));
  });

  it('a delta of another tool call, or one that also names the call, is parsed, not matched', () => {
    const chunk = (call: object) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { tool_calls: [call] }, finish_reason: null }] })}\n\n`;
    const stream =
      chunk({ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }) +
      chunk({ index: 0, function: { arguments: '{"a":' } }) +
      chunk({ index: 0, function: { arguments: '1}' } }) +
      chunk({ index: 1, id: 'call_2', type: 'function', function: { name: 'g', arguments: '' } }) +
      chunk({ index: 1, function: { arguments: '{}' } }) +
      chunk({ index: 0, function: { arguments: '', name: 'f' } });
    const { events, parsed } = read(OPENAI_WIRE, stream, 5);
    assert.deepEqual(merged(events), merged(readParsingAll(OPENAI_WIRE, stream, 5)));
    assert.equal(parsed, 5, 'only the third delta matched the template learnt from the second');
    assert.ok(events.every((e) => e.otherContent && e.text === ''));
  });
});
