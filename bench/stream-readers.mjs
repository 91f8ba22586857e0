// What reading one stream costs the gateway's readers, with the learnt delta templates (what ships) next to the same
// readers parsing every frame (the baseline), on streams the simulator plays as each API sends them: text, a tool
// call, thinking. Each stream is read whole and in 512-character pieces.
// Run: npm run bench:readers  (builds first; reads dist/)
import { startMock } from '../dist/mock/start-mock.js';
import { ANTHROPIC_WIRE } from '../dist/providers/anthropic/wire.js';
import { StreamDeltas } from '../dist/providers/delta-template.js';
import { OPENAI_WIRE } from '../dist/providers/openai/wire.js';

const READS = 2_000;
const ROUNDS = 7;
const PIECE = 512;

const TEXT = { type: 'string' };
const TOOL = { name: 'write_file', parameters: { type: 'object', properties: { path: TEXT, title: TEXT, summary: TEXT, content: TEXT, notes: TEXT } } };
const messages = [{ role: 'user', content: 'Write the notes to a file, with care and at length.' }];

const mock = await startMock({ port: 0, seed: 3, firstTokenMs: 0, tokensPerSecond: 0 });
async function streamOf(provider, path, body) {
  const key = mock.issueKey(provider);
  const auth = provider === 'openai' ? { authorization: `Bearer ${key}` } : { 'x-api-key': key, 'anthropic-version': '2023-06-01' };
  const res = await fetch(`${mock.baseUrls[provider]}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ ...body, stream: true }) });
  if (res.status !== 200) throw new Error(`the simulator answered ${res.status}: ${await res.text()}`);
  return res.text();
}
const claude = { model: 'claude-sonnet-4-5', max_tokens: 4_000, messages };
const streams = [
  ['OpenAI chat, text', OPENAI_WIRE, await streamOf('openai', '/chat/completions', { model: 'gpt-4o-mini', messages })],
  ['OpenAI chat, tool call', OPENAI_WIRE, await streamOf('openai', '/chat/completions', { model: 'gpt-4o-mini', messages, tools: [{ type: 'function', function: TOOL }], tool_choice: 'required' })],
  ['Anthropic, text', ANTHROPIC_WIRE, await streamOf('anthropic', '/v1/messages', claude)],
  ['Anthropic, tool_use', ANTHROPIC_WIRE, await streamOf('anthropic', '/v1/messages', { ...claude, tools: [{ name: TOOL.name, input_schema: TOOL.parameters }], tool_choice: { type: 'any' } })],
  ['Anthropic, thinking + text', ANTHROPIC_WIRE, await streamOf('anthropic', '/v1/messages', { ...claude, thinking: { type: 'enabled', budget_tokens: 2_000 } })],
];
await mock.close();

/** The readers with no template ever matching: every frame parsed, as before templates. */
function withoutTemplates(run) {
  const patched = { textOf: null, frameText: null, matches: false, frameMatches: false };
  const saved = Object.keys(patched).map((name) => [name, Object.getOwnPropertyDescriptor(StreamDeltas.prototype, name)]);
  for (const [name, value] of Object.entries(patched)) Object.defineProperty(StreamDeltas.prototype, name, { ...Object.getOwnPropertyDescriptor(StreamDeltas.prototype, name), value: () => value });
  try {
    return run();
  } finally {
    for (const [name, descriptor] of saved) Object.defineProperty(StreamDeltas.prototype, name, descriptor);
  }
}

/** µs per stream read. */
function timeReads(wire, pieces) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < READS; i++) {
    const reader = wire.streamReader({ hideUsage: false });
    for (const piece of pieces) reader.push(piece);
    reader.end();
  }
  return Number(process.hrtime.bigint() - started) / 1_000 / READS;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const cut = (text) => Array.from({ length: Math.ceil(text.length / PIECE) }, (_, i) => text.slice(i * PIECE, (i + 1) * PIECE));

console.log(`Stream readers: µs to read one stream, median of ${ROUNDS} alternating rounds of ${READS} reads; node ${process.version}`);
console.log(`${'stream'.padEnd(28)}${'frames'.padStart(7)}   ${'fed'.padEnd(12)}${'templates'.padStart(10)}${'parse all'.padStart(11)}${'ratio'.padStart(8)}`);
for (const [name, wire, text] of streams) {
  const frames = text.split('\n\n').length - 1;
  for (const [fed, pieces] of [['whole', [text]], [`${PIECE}-char`, cut(text)]]) {
    const ours = [];
    const baseline = [];
    for (let round = 0; round < ROUNDS; round++) {
      const pair = [() => ours.push(timeReads(wire, pieces)), () => baseline.push(withoutTemplates(() => timeReads(wire, pieces)))];
      for (const measure of round % 2 ? pair.reverse() : pair) measure();
    }
    const [o, b] = [median(ours), median(baseline)];
    console.log(`${name.padEnd(28)}${String(frames).padStart(7)}   ${fed.padEnd(12)}${o.toFixed(1).padStart(10)}${b.toFixed(1).padStart(11)}${(o / b).toFixed(2).padStart(8)}`);
  }
}
