// How much slower `llmdoctor explain` starts than a bare `node -e 0`, measured side by side on this machine.
// Goal (issue 2): under 3x. Prints numbers only; it never fails a build on timing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.RUNS ?? 20);
const WARMUP = 3;
const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const SAMPLE = '429 You exceeded your current quota, please check your plan and billing details.';

const subjects = [
  { label: 'node -e 0', args: ['-e', '0'] },
  { label: 'llmdoctor explain "<429 quota error>"', args: [BIN, 'explain', SAMPLE] },
];

if (!existsSync(BIN)) {
  console.error(`${BIN} is missing: run "npm run build" first (npm run bench:startup does it).`);
  process.exit(2);
}

function timeOnce({ args }) {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const elapsed = performance.now() - start;
  // explain exits 0 (diagnosed) or 1 (unknown); anything else means the bench measured a failure.
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr.toString().trim()}`);
  }
  return elapsed;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

for (let i = 0; i < WARMUP; i++) subjects.forEach(timeOnce);
const samples = subjects.map(() => []);
// Alternate the two so that machine noise hits both alike.
for (let i = 0; i < RUNS; i++) subjects.forEach((subject, index) => samples[index].push(timeOnce(subject)));

const medians = samples.map(median);
console.log(`startup wall time, median of ${RUNS} alternating runs each (after ${WARMUP} warm-up runs)`);
subjects.forEach((subject, index) => console.log(`  ${subject.label.padEnd(40)} ${medians[index].toFixed(1).padStart(7)} ms`));
console.log(`  ${'ratio'.padEnd(40)} ${(medians[1] / medians[0]).toFixed(2).padStart(7)}x   (goal: under 3x)`);
