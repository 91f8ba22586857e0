// How long `llmdoctor check` takes for three providers: everything answering (the simulator), and with
// one provider black-holed (a server that accepts connections and never answers), side by side with
// the time budget. Run: npm run bench:doctor   (RUNS=5)
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDoctor } from '../dist/doctor/run-doctor.js';
import { startMock } from '../dist/mock/start-mock.js';

const RUNS = Number(process.env.RUNS ?? 5);
const BUDGET_MS = 3000;

const mock = await startMock({ seed: 11 });
const sockets = new Set();
const blackHole = createServer((socket) => sockets.add(socket)); // accepts, never answers
await new Promise((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
const empty = mkdtempSync(join(tmpdir(), 'llmdoctor-bench-'));

const options = (env) => ({ providers: null, models: [], timeoutMs: BUDGET_MS, offline: false, probe: false, env, cwd: empty, envFile: null, pid: null, fsRoot: empty });
const healthy = () => ({
  OPENAI_API_KEY: mock.issueKey('openai'), OPENAI_BASE_URL: mock.baseUrls.openai,
  ANTHROPIC_API_KEY: mock.issueKey('anthropic'), ANTHROPIC_BASE_URL: mock.baseUrls.anthropic,
  GEMINI_API_KEY: mock.issueKey('gemini'), GOOGLE_GEMINI_BASE_URL: mock.baseUrls.gemini,
});
const withBlackHole = () => ({ ...healthy(), OPENAI_BASE_URL: `http://127.0.0.1:${blackHole.address().port}/v1` });

async function median(makeEnv) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const report = await runDoctor(options(makeEnv()));
    times.push(report.durationMs);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

try {
  await runDoctor(options(healthy())); // warm-up
  const answering = await median(healthy);
  const blackHoled = await median(withBlackHole);
  console.log(`llmdoctor check, three providers, median of ${RUNS} runs (budget per provider ${BUDGET_MS} ms)`);
  console.log(`  everything answering          ${String(answering).padStart(6)} ms`);
  console.log(`  OpenAI black-holed            ${String(blackHoled).padStart(6)} ms   (budget + 1 s = ${BUDGET_MS + 1000} ms; ratio to budget ${(blackHoled / BUDGET_MS).toFixed(2)}x)`);
} finally {
  for (const socket of sockets) socket.destroy();
  blackHole.close();
  await mock.close();
  rmSync(empty, { recursive: true, force: true });
}
