// Requests per second of `llmdoctor mock` (non-streaming and streaming chat completions) side by
// side with a do-nothing node:http server replaying the mock's own answer byte for byte (the floor
// for any Node server sending those bytes), and the mock's memory over repeated bounded runs. Each server runs in its own process
// (one core); autocannon drives the load from this one.
// Run: npm run bench:mock   (DURATION=5 CONNECTIONS=50 to change the load)
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const DURATION = Number(process.env.DURATION ?? 5);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);

/** A do-nothing server that replays one captured mock answer byte for byte (same headers, same body). */
const replayServer = (status, headers, body) => `
const headers = ${JSON.stringify(headers)};
const body = ${JSON.stringify(body)};
const server = require('node:http').createServer({ keepAlive: true }, (req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(${status}, headers); res.end(body); });
});
server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));
`;

function startProcess(args) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/[\d.:]+)/.exec(output);
      if (match) resolve({ child, url: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

async function load(url, headers, body, duration = DURATION) {
  const result = await autocannon({ url, method: 'POST', headers, body, connections: CONNECTIONS, duration });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx + result.timeouts };
}

const chat = (stream) => JSON.stringify({ model: 'gpt-4o-mini', stream, messages: [{ role: 'user', content: 'Say hello.' }] });

const mock = await startProcess(['dist/cli/main.js', 'mock', '--port', '0', '--rpm', '100000000', '--tpm', '1000000000']);
let baseline;
try {
  const { key } = await (await fetch(`${mock.url}/__mock/keys`, { method: 'POST', body: '{"provider":"openai"}' })).json();
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
  const target = `${mock.url}/openai/v1/chat/completions`;
  const sample = await fetch(target, { method: 'POST', headers, body: chat(false) });
  const sampleHeaders = Object.fromEntries([...sample.headers].filter(([name]) => !['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(name)));
  baseline = await startProcess(['-e', replayServer(sample.status, sampleHeaders, await sample.text())]);
  console.log(`${DURATION} s per run, ${CONNECTIONS} connections, loopback\n`);

  // Warm up both (JIT, heap) so the measured runs compare steady states
  await load(baseline.url, headers, chat(false), 2);
  await load(target, headers, chat(false), 2);
  await load(target, headers, chat(true), 2);
  const floor = await load(baseline.url, headers, chat(false));
  const rssBefore = rssMb(mock.child.pid);
  const plain = await load(target, headers, chat(false));
  const rssAfterFirst = rssMb(mock.child.pid);
  const streamed = await load(target, headers, chat(true));
  const plainAgain = await load(target, headers, chat(false));
  const rssAfterAll = rssMb(mock.child.pid);

  const row = (name, r) => console.log(`${name.padEnd(44)} ${Math.round(r.rps).toLocaleString('en-US').padStart(8)} req/s   p99 ${String(r.p99).padStart(4)} ms   errors ${r.errors}`);
  row('node:http replaying the same bytes (floor)', floor);
  row('llmdoctor mock, chat completion', plain);
  row('llmdoctor mock, chat completion (stream)', streamed);
  row('llmdoctor mock, chat completion (again)', plainAgain);
  console.log(`\nmock / floor: ${(plain.rps / floor.rps).toFixed(2)}x non-streaming, ${(streamed.rps / floor.rps).toFixed(2)}x streaming`);
  console.log(`mock RSS: ${rssBefore.toFixed(0)} MB after warm-up, ${rssAfterFirst.toFixed(0)} MB after the first run, ${rssAfterAll.toFixed(0)} MB after all runs`);
} finally {
  baseline?.child.kill();
  mock.child.kill();
}
