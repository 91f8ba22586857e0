// Accuracy of classify() on the dev corpus, per category, next to a status-only baseline
// (what an SDK's error class tells you), the SDK retry rule vs ours, and throughput.
// Run: npm run bench:classify  (builds first; reads dist/)
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { RETRY_POLICY } from '../dist/core/categories.js';
import { GENERIC_STATUS_MEANING } from '../dist/core/rules/status-meaning.js';
import { classify } from '../dist/index.js';

const NOW = Date.parse('2025-06-30T12:00:00Z');
const corpusPath = process.argv[2] ?? new URL('../test/fixtures/errors-dev.jsonl', import.meta.url);
const cases = readFileSync(corpusPath, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const validationPath = new URL('../test/fixtures/errors-validation.jsonl', import.meta.url);
const inputOf = (c) => ({ status: c.http_status, headers: c.headers, body: c.body, message: c.message, nodeErrorCode: c.node_error_code, now: NOW });

/** What you know from the status alone: the SDK's error class (RateLimitError, AuthenticationError, ...). */
const statusOnly = (c) => (c.http_status == null ? (c.node_error_code ? 'network_connect' : 'unknown') : (GENERIC_STATUS_MEANING[c.http_status] ?? 'unknown'));
/** openai-node / anthropic-sdk shouldRetry: 408, 409, 429, >= 500, and connection errors. */
const sdkRetries = (c) => c.http_status == null ? c.node_error_code != null : [408, 409, 429].includes(c.http_status) || c.http_status >= 500;

const ours = cases.map((c) => classify(inputOf(c)));
const perCategory = new Map();
for (const [i, c] of cases.entries()) {
  const row = perCategory.get(c.category) ?? { n: 0, ours: 0, baseline: 0 };
  row.n++;
  if (ours[i].category === c.category) row.ours++;
  if (statusOnly(c) === c.category) row.baseline++;
  perCategory.set(c.category, row);
}

const pct = (a, b) => (b === 0 ? '   -  ' : `${((100 * a) / b).toFixed(1).padStart(5)}%`);
console.log(`classify() on ${cases.length} cases of ${corpusPath}\n`);
console.log(`${'category'.padEnd(26)} ${'cases'.padStart(5)}  ${'llmdoctor'.padStart(9)}  ${'status-only'.padStart(11)}`);
let total = { n: 0, ours: 0, baseline: 0 };
for (const [category, row] of [...perCategory].sort((a, b) => b[1].n - a[1].n)) {
  console.log(`${category.padEnd(26)} ${String(row.n).padStart(5)}  ${pct(row.ours, row.n).padStart(9)}  ${pct(row.baseline, row.n).padStart(11)}`);
  total = { n: total.n + row.n, ours: total.ours + row.ours, baseline: total.baseline + row.baseline };
}
console.log(`${'overall'.padEnd(26)} ${String(total.n).padStart(5)}  ${pct(total.ours, total.n).padStart(9)}  ${pct(total.baseline, total.n).padStart(11)}`);
console.log(`accuracy ratio llmdoctor / status-only: ${(total.ours / total.baseline).toFixed(2)}x\n`);

if (process.argv[2] === undefined) {
  // The rules were written from the dev half; this set of other real pastes shows how they generalize
  const held = readFileSync(validationPath, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  const right = held.filter((c) => classify(inputOf(c)).category === c.category).length;
  const baseline = held.filter((c) => statusOnly(c) === c.category).length;
  console.log(`validation set (${held.length} other real pastes): llmdoctor ${pct(right, held.length).trim()}, status-only ${pct(baseline, held.length).trim()}\n`);
}

const futile = (c) => RETRY_POLICY[c.category] !== 'now';
const sdkFutile = cases.filter((c) => sdkRetries(c) && futile(c)).length;
const oursFutile = cases.filter((c, i) => ours[i].retryable && futile(c)).length;
const missed = cases.filter((c, i) => !ours[i].retryable && !futile(c)).length;
console.log(`retries that cannot help (true category not retryable now):`);
console.log(`  SDK rule (408/409/429/5xx/connection): ${sdkFutile} of ${cases.filter(sdkRetries).length} retried cases`);
console.log(`  llmdoctor retryable:                   ${oursFutile} of ${ours.filter((d) => d.retryable).length} retried cases (and ${missed} retryable cases not retried)\n`);

const rounds = 40;
for (let i = 0; i < 5; i++) for (const c of cases) classify(inputOf(c)); // warm-up
const start = performance.now();
for (let r = 0; r < rounds; r++) for (const c of cases) classify(inputOf(c));
const elapsed = performance.now() - start;
const perCase = elapsed / (rounds * cases.length);
console.log(`throughput: ${Math.round(1000 / perCase).toLocaleString('en-US')} cases/s, ${(perCase * 1000).toFixed(1)} µs per case (${rounds} rounds of ${cases.length})`);
