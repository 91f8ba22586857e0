// `llmdoctor gateway` side by side, on loopback against `llmdoctor mock`, with: the mock directly; a
// do-nothing proxy on undici.request (the practical floor of any Node proxy here); and Portkey's
// open-source gateway (installed from npm into a temp folder for the run). Each server runs in its
// own process; autocannon drives the load from this one. Prints req/s, p50/p99, errors, added
// latency, time to first streamed byte and RSS of each, every ratio, llmdoctor's targets from the
// issue with PASS/MISS, and a bounded soak of llmdoctor's memory.
// Run: npm run bench:gateway
//   DURATION=3 (s per measured run)  ROUNDS=5 (each figure is the median of its rounds; each ratio the median of its rounds' ratios)  WARMUP=5 (s per
//   warm-up run: a Node server's CPU per request keeps falling for seconds, while V8 grows its young
//   generation and optimises; steady state is what serving looks like)  SOAK=60 (s: longer than one cycle of V8's
//   old generation, which under this load climbs about 10 MB before a full collection brings it back)  TTFB_COUNT=200
//   PORTKEY=0 skips Portkey; PROFILE=1 runs llmdoctor and the undici proxy under `node --cpu-prof` and
//   prints, per request served, where each spent its CPU and what llmdoctor spends beyond the floor
//   (the profiler slows both: read throughput from a run without it).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearInterval, setInterval } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { summariseProfile } from './support/cpu-profile.mjs';
import { cpuMs } from './support/cpu-time.mjs';
import { listeningAddresses, onlyLoopback } from './support/listening-addresses.mjs';
import { firstByteTimes, load } from './support/measure.mjs';
import { installPortkey, portkeyHeaders, startPortkey } from './support/portkey.mjs';
import { startServer, stopAllServers, stopServer } from './support/processes.mjs';
import { rssMb, sampleRss, settle } from './support/rss.mjs';
import { fixed, signed, table, whole } from './support/table.mjs';

const DURATION = Number(process.env.DURATION ?? 3);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const WARMUP = Number(process.env.WARMUP ?? 5);
const SOAK = Number(process.env.SOAK ?? 60);
const TTFB_COUNT = Number(process.env.TTFB_COUNT ?? 200);
const WITH_PORTKEY = process.env.PORTKEY !== '0';
const PROFILE = process.env.PROFILE === '1';
const MOCK_KEYS = 3;
const RUNS = [
  { mode: 'chat', stream: false, connections: 1 },
  { mode: 'chat', stream: false, connections: 50 },
  { mode: 'stream', stream: true, connections: 1 },
  { mode: 'stream', stream: true, connections: 50 },
];
const runName = (run) => `${run.mode} ${run.connections}c`;
const TARGETS = { throughputShare: 0.8, addedP50Ms: 0.5, addedFirstByteMs: 1, rssMb: 150, backNearIdleMb: 20, soakGrowthMb: 10, operationsShare: 0.9 };

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const UNDICI_PROXY = fileURLToPath(new URL('./support/undici-proxy.mjs', import.meta.url));
const chat = (stream) => JSON.stringify({ model: 'gpt-4o-mini', stream, messages: [{ role: 'user', content: 'Say hello.' }] });
const JSON_HEADERS = { 'content-type': 'application/json' };
/** A 2xx answer that is not a whole answer (a cut stream, an error event) is a failure too. */
const wholeAnswer = (stream, body) => (stream ? /data: \[DONE\]\s*$/.test(body) && !/^data: \{"error"/m.test(body) : body.includes('"choices"'));

const tempDirs = [];
const tempDir = (prefix) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
};
const readIfPresent = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};
const problems = [];
/** Errors must be 0: any other count is printed where it happens and again at the end, and fails the run. */
const loudly = (message) => {
  problems.push(message);
  console.log(`\n!!! ${message}\n`);
};
/** Other processes on this 2-core machine lower and scatter every number: say so when the machine was busy. */
const machineLoad = (when) => {
  const [oneMinute] = loadavg();
  // Share of the last 10 s in which some runnable task waited for a CPU (Linux pressure stall information)
  const waiting = /some avg10=([\d.]+)/.exec(readIfPresent('/proc/pressure/cpu'))?.[1];
  const busy = oneMinute > 1 ? ': other processes are using the CPU, so every number is lower and noisier than on a quiet machine' : '';
  console.log(`Load average ${when}: ${fixed(oneMinute, 2)} (1 min)${waiting === undefined ? '' : `, CPU pressure ${waiting}% (10 s)`}${busy}`);
};
const cleanUp = async () => {
  await stopAllServers();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
};
process.once('SIGINT', () => cleanUp().then(() => process.exit(130)));

/** A client key with limits far above the load, made with `llmdoctor keys create` in a fresh data folder. */
async function createClientKey(dataDir, env) {
  const { execFileSync } = await import('node:child_process');
  const args = [CLI, 'keys', 'create', '--name', 'bench', '--rpm', '100000000', '--concurrency', '100000', '--budget-tokens', '1000000000000', '--data-dir', dataDir, '--json'];
  const created = JSON.parse(execFileSync(process.execPath, args, { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, encoding: 'utf8' }));
  return { key: created.key, dataDir };
}

async function issueKeys(mockUrl, count) {
  const keys = [];
  for (let i = 0; i < count; i++) {
    const answer = await fetch(`${mockUrl}/__mock/keys`, { method: 'POST', body: '{"provider":"openai"}' });
    keys.push((await answer.json()).key);
  }
  return keys;
}

/** One plain and one streamed request: a server that cannot answer them is not measured. */
async function answersCorrectly(target) {
  for (const stream of [false, true]) {
    try {
      const answer = await fetch(target.url, { method: 'POST', headers: target.headers, body: chat(stream) });
      const text = await answer.text();
      if (answer.status !== 200 || !wholeAnswer(stream, text)) return `${stream ? 'streamed' : 'plain'} request answered ${answer.status}: ${text.slice(0, 300).replace(/\s+/g, ' ')}`;
    } catch (error) {
      return `${stream ? 'streamed' : 'plain'} request failed: ${error.cause?.code ?? error.message}`;
    }
  }
  return null;
}

function checkErrors(targetName, label, result) {
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) {
    const codes = Object.entries(result.statusCodes ?? {}).filter(([code]) => !code.startsWith('2')).map(([code, { count }]) => `${code}×${count}`);
    loudly(`${targetName}, ${label}: ${result.errors} socket errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx ${codes.join(' ')} of ${result.total}`);
  }
}

/** Warm-up, then the memory of a server at rest. */
async function warmUp(target) {
  const { pid } = target.server;
  const rss = { started: rssMb(pid) };
  // Requests this server answered, for the CPU profiles' per-request figures (2: the check before the runs)
  let served = 2;
  for (const stream of [false, true]) served += (await load({ url: target.url, headers: target.headers, body: chat(stream), connections: 50, duration: WARMUP })).total;
  await firstByteTimes({ url: target.url, headers: target.headers, body: chat(true), count: 20 });
  served += 20;
  await settle(1_000);
  rss.idle = rssMb(pid);
  return { rss, served, rounds: Object.fromEntries(RUNS.map((run) => [runName(run), []])) };
}

/** One autocannon run of `run` against `target`, with the server's CPU per request. */
async function measureRun(target, run) {
  const { pid } = target.server;
  const cpuBefore = cpuMs(pid);
  const result = await load({ url: target.url, headers: target.headers, body: chat(run.stream), connections: run.connections, duration: DURATION });
  result.cpuUsPerRequest = ((cpuMs(pid) - cpuBefore) * 1000) / result.total;
  checkErrors(target.name, runName(run), result);
  return result;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * `mine` over `other` in throughput, round by round (the two were measured minutes apart at most, under the same
 * load), as the median of those ratios and their range: a drift of the machine moves a round's two figures
 * together, and the range shows how far one round's ratio can be trusted.
 */
function pairedRatio(mine, other, run) {
  const ratios = mine.rounds[runName(run)].map((round, index) => round.rps / other.rounds[runName(run)][index].rps);
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}
const ratioText = (ratio) => `${fixed(ratio.median, 3)} (${fixed(ratio.min, 2)}–${fixed(ratio.max, 2)})`;

/** The rounds of one run as one result: the median of each figure, every error counted. */
function combineRounds(rounds) {
  const sum = (field) => rounds.reduce((total, round) => total + round[field], 0);
  return {
    rps: median(rounds.map((round) => round.rps)),
    p50: median(rounds.map((round) => round.p50)),
    p99: median(rounds.map((round) => round.p99)),
    cpuUsPerRequest: median(rounds.map((round) => round.cpuUsPerRequest)),
    total: sum('total'),
    errors: sum('errors'),
    timeouts: sum('timeouts'),
    non2xx: sum('non2xx'),
  };
}

/**
 * Every server through every run, ROUNDS times, interleaved: each run measures the servers one after
 * another, starting with a different one each round, so a machine that gets busier or quieter during the
 * bench moves no ratio one way. Each figure is the median of its rounds.
 */
async function measureAll(targets) {
  const states = new Map();
  for (const target of targets) states.set(target.name, await warmUp(target));
  for (const target of targets) {
    const state = states.get(target.name);
    state.sampler = sampleRss(target.server.pid, 200);
    state.logBefore = target.server.logBytes();
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, run] of RUNS.entries()) {
      const shift = (round * RUNS.length + index) % targets.length;
      for (const target of [...targets.slice(shift), ...targets.slice(0, shift)]) states.get(target.name).rounds[runName(run)].push(await measureRun(target, run));
    }
    console.log(`  round ${round + 1} of ${ROUNDS} measured`);
  }
  const results = new Map();
  for (const target of targets) {
    const state = states.get(target.name);
    const firstByte = await firstByteTimes({ url: target.url, headers: target.headers, body: chat(true), count: TTFB_COUNT });
    if (firstByte.bad > 0) loudly(`${target.name}, first-byte loop: ${firstByte.bad} of ${TTFB_COUNT} streamed answers bad: ${firstByte.problems.join(' | ')}`);
    const runs = Object.fromEntries(RUNS.map((run) => [runName(run), combineRounds(state.rounds[runName(run)])]));
    const requests = Object.values(runs).reduce((sum, run) => sum + run.total, TTFB_COUNT);
    results.set(target.name, { runs, rounds: state.rounds, firstByte, rss: state.rss, served: state.served + requests, logBytesPerRequest: (target.server.logBytes() - state.logBefore) / requests });
  }
  for (const target of targets) results.get(target.name).rss.peak = states.get(target.name).sampler.stop().peak;
  await settle(2_000);
  for (const target of targets) results.get(target.name).rss.after = rssMb(target.server.pid);
  return results;
}

/** llmdoctor at 50 connections, plain and streamed alternating, every answer's body checked. */
async function soak(target) {
  const { pid } = target.server;
  const series = [];
  let cut = 0;
  const request = (stream) => ({ method: 'POST', body: chat(stream), onResponse: (status, body) => status < 300 && !wholeAnswer(stream, body) && cut++ });
  const timer = setInterval(() => series.push(rssMb(pid)), 1_000);
  const result = await load({ url: target.url, headers: target.headers, requests: [request(false), request(true)], connections: 50, duration: SOAK });
  clearInterval(timer);
  series.push(rssMb(pid));
  checkErrors(target.name, 'soak', result);
  if (cut > 0) loudly(`${target.name}, soak: ${cut} answers with status 200 were not whole (no [DONE], or an error event)`);
  await settle(2_000);
  return { result, series, after: rssMb(pid), cut };
}

function printResults(targets, results) {
  const measured = targets.filter((target) => results.has(target.name));
  const direct = results.get('direct');
  const undici = results.get('undici proxy');
  console.log(`\nThroughput and latency (autocannon, ${DURATION} s per run, median of ${ROUNDS} interleaved rounds; p50/p99 over every response of a round)`);
  const rows = [];
  for (const target of measured) {
    for (const run of RUNS) {
      const r = results.get(target.name).runs[runName(run)];
      rows.push([target.name, run.mode, run.connections, whole(r.rps), fixed(r.p50), fixed(r.p99), whole(r.cpuUsPerRequest), r.errors + r.timeouts + r.non2xx]);
    }
  }
  console.log(table(['server', 'request', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/req', 'errors'], rows));
  console.log("(CPU µs/req: the server process's own user + system CPU time over the run, per request: what it costs; on a loaded machine it grows too, as each instruction takes longer)");

  console.log(`\nThroughput ratios (req/s over req/s, the median of the ${ROUNDS} rounds' ratios, and their range)`);
  const ratioRows = [];
  for (const target of measured.filter((t) => t.name !== 'direct')) {
    const mine = results.get(target.name);
    ratioRows.push([`${target.name} / direct`, ...RUNS.map((run) => ratioText(pairedRatio(mine, direct, run)))]);
    if (target.name !== 'undici proxy') ratioRows.push([`${target.name} / undici proxy`, ...RUNS.map((run) => ratioText(pairedRatio(mine, undici, run)))]);
  }
  console.log(table(['', ...RUNS.map(runName)], ratioRows));

  console.log('\nCPU per request over CPU per request (below 1: cheaper)');
  const cpuRows = [];
  for (const target of measured.filter((t) => t.name !== 'direct' && t.name !== 'undici proxy')) {
    const mine = results.get(target.name).runs;
    cpuRows.push([`${target.name} / undici proxy`, ...RUNS.map((run) => fixed(mine[runName(run)].cpuUsPerRequest / undici.runs[runName(run)].cpuUsPerRequest, 3))]);
  }
  console.log(table(['', ...RUNS.map(runName)], cpuRows));

  console.log('\nAdded latency at 1 connection (p50 minus direct p50, ms)');
  console.log(
    table(
      ['', 'chat p50', 'added', 'stream p50', 'added'],
      measured.map((target) => {
        const mine = results.get(target.name).runs;
        return [target.name, fixed(mine['chat 1c'].p50, 3), signed(mine['chat 1c'].p50 - direct.runs['chat 1c'].p50, 3), fixed(mine['stream 1c'].p50, 3), signed(mine['stream 1c'].p50 - direct.runs['stream 1c'].p50, 3)];
      }),
    ),
  );

  console.log(`\nTime to first streamed byte (${TTFB_COUNT} streamed requests one after another on one connection, ms)`);
  console.log(
    table(
      ['', 'p50', 'p99', 'added p50', 'whole answer p50', 'retried', 'bad'],
      measured.map((target) => {
        const f = results.get(target.name).firstByte;
        return [target.name, fixed(f.p50, 3), fixed(f.p99, 3), signed(f.p50 - direct.firstByte.p50, 3), fixed(f.wholeP50, 3), f.retried, f.bad];
      }),
    ),
  );

  console.log('\nMemory of each server process (RSS MB; idle: after the warm-up; peak: sampled every 200 ms under load; after: idle 2 s after the load)');
  console.log(
    table(
      ['', 'started', 'idle', 'peak', 'after', 'after − idle'],
      measured.map((target) => {
        const { rss } = results.get(target.name);
        return [target.name + (target.name === 'direct' ? ' (the mock)' : ''), fixed(rss.started, 0), fixed(rss.idle, 0), fixed(rss.peak, 0), fixed(rss.after, 0), signed(rss.after - rss.idle, 0)];
      }),
    ),
  );
  console.log(`\nOutput each server wrote during the runs (to a file, as its defaults log): ${measured.map((t) => `${t.name} ${fixed(results.get(t.name).logBytesPerRequest, 0)} bytes/request`).join(', ')}`);
}

/** The soak's series without its ramp-up (the first seconds, while 50 connections open), as a first and a last third. */
function soakThirds(series) {
  const steady = series.slice(Math.min(3, Math.floor(series.length / 4)));
  const third = Math.max(1, Math.floor(steady.length / 3));
  const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
  return { first: mean(steady.slice(0, third)), last: mean(steady.slice(-third)) };
}

function printSoak(soaked) {
  const { result, series, after } = soaked;
  const thirds = soakThirds(series);
  console.log(`\nSoak: llmdoctor gateway, 50 connections, plain and streamed alternating, ${SOAK} s`);
  console.log(`  ${whole(result.total)} requests, ${whole(result.rps)} req/s, p99 ${fixed(result.p99)} ms, errors ${result.errors + result.timeouts + result.non2xx}, 200s that were not whole answers ${soaked.cut}`);
  console.log(`  RSS MB each second: ${series.map((mb) => fixed(mb, 0)).join(' ')}`);
  console.log(`  first ${fixed(series[0], 1)}, last ${fixed(series.at(-1), 1)}, max ${fixed(Math.max(...series), 1)}; mean of the first third after the ramp-up ${fixed(thirds.first, 1)}, of the last third ${fixed(thirds.last, 1)}; idle 2 s after: ${fixed(after, 1)}`);
}

function printTargets(results, soaked) {
  const mine = results.get('llmdoctor');
  const direct = results.get('direct');
  const undici = results.get('undici proxy');
  const lines = [];
  const mark = (pass, text) => lines.push(`  ${pass ? 'PASS' : 'MISS'}  ${text}`);
  for (const run of RUNS) {
    const share = pairedRatio(mine, undici, run);
    mark(share.median >= TARGETS.throughputShare, `throughput ≥ ${TARGETS.throughputShare} × undici proxy, ${runName(run)}: ${ratioText(share)}`);
  }
  for (const run of RUNS.filter((r) => r.connections === 50)) {
    const cost = mine.runs[runName(run)].cpuUsPerRequest / undici.runs[runName(run)].cpuUsPerRequest;
    mark(cost <= 1 / TARGETS.throughputShare, `CPU per request ≤ ${fixed(1 / TARGETS.throughputShare, 2)} × undici proxy's (the throughput target as CPU cost, which moves with the machine's load too), ${runName(run)}: ${fixed(cost, 3)}`);
  }
  for (const mode of ['chat', 'stream']) {
    const added = mine.runs[`${mode} 1c`].p50 - direct.runs[`${mode} 1c`].p50;
    mark(added < TARGETS.addedP50Ms, `added p50 < ${TARGETS.addedP50Ms} ms at 1 connection, ${mode}: ${signed(added, 3)} ms`);
  }
  const addedFirstByte = mine.firstByte.p50 - direct.firstByte.p50;
  mark(addedFirstByte < TARGETS.addedFirstByteMs, `added time to first streamed byte < ${TARGETS.addedFirstByteMs} ms (p50): ${signed(addedFirstByte, 3)} ms`);
  const peak = Math.max(mine.rss.peak, ...(soaked ? soaked.series : []));
  mark(peak < TARGETS.rssMb, `RSS < ${TARGETS.rssMb} MB under load (runs and soak): peak ${fixed(peak, 1)} MB`);
  const floorGrowth = undici.rss.after - undici.rss.idle;
  mark(
    mine.rss.after - mine.rss.idle <= TARGETS.backNearIdleMb,
    `RSS back near idle after the load (≤ ${TARGETS.backNearIdleMb} MB above idle): idle ${fixed(mine.rss.idle, 1)} → after ${fixed(mine.rss.after, 1)} MB (${signed(mine.rss.after - mine.rss.idle, 1)}; the do-nothing proxy: ${signed(floorGrowth, 1)})`,
  );
  if (soaked) {
    const thirds = soakThirds(soaked.series);
    mark(thirds.last - thirds.first <= TARGETS.soakGrowthMb, `RSS flat across the ${SOAK} s soak (last third − first third after the ramp-up ≤ ${TARGETS.soakGrowthMb} MB): ${signed(thirds.last - thirds.first, 1)} MB`);
  }
  console.log('\nllmdoctor targets (issue 5)');
  console.log(lines.join('\n'));
  const bare = results.get('llmdoctor, operations off');
  const costs = RUNS.map((run) => {
    const share = pairedRatio(mine, bare, run);
    return `  ${share.median >= TARGETS.operationsShare ? 'PASS' : 'MISS'}  throughput with client key, limits, usage and log on ≥ ${TARGETS.operationsShare} × with them off, ${runName(run)}: ${ratioText(share)}`;
  });
  console.log('\nllmdoctor targets (issue 6)');
  console.log(costs.join('\n'));
}

/** The profile `node --cpu-prof` wrote into `dir` when the server exited. */
function profileIn(dir) {
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  return file === undefined ? null : join(dir, file);
}

/**
 * llmdoctor's CPU per request served next to the undici proxy's: the self time of each function (both
 * servers' whole lives, idle left out), sorted by what llmdoctor spends beyond the floor, then the
 * inclusive time of llmdoctor's own steps.
 */
function printProfiles(profiles, served) {
  const paths = { llmdoctor: profileIn(profiles.llmdoctor), undici: profileIn(profiles.undici) };
  if (paths.llmdoctor === null || paths.undici === null) {
    console.log('\nCPU profiles: not written (a server did not exit cleanly)');
    return;
  }
  const mine = summariseProfile(paths.llmdoctor, { limit: 400 });
  const floor = summariseProfile(paths.undici, { limit: 400 });
  const perRequest = (ms, count) => (ms * 1000) / count;
  console.log(`\nCPU profiles (under the profiler, so slower than above): busy µs per request served: llmdoctor ${fixed(perRequest(mine.busyMs, served.llmdoctor), 0)}, undici proxy ${fixed(perRequest(floor.busyMs, served.undici), 0)} (${whole(served.llmdoctor)} and ${whole(served.undici)} requests)`);
  const floorSelf = new Map(floor.self.map((entry) => [entry.name, entry.ms]));
  const mineSelf = new Map(mine.self.map((entry) => [entry.name, entry.ms]));
  const names = new Set([...mine.self.slice(0, 40).map((entry) => entry.name), ...floor.self.slice(0, 15).map((entry) => entry.name)]);
  const rows = [...names]
    .map((name) => ({ name, mine: perRequest(mineSelf.get(name) ?? 0, served.llmdoctor), floor: perRequest(floorSelf.get(name) ?? 0, served.undici) }))
    .sort((a, b) => b.mine - b.floor - (a.mine - a.floor));
  const shorten = (name) => (name.length > 100 ? `${name.slice(0, 97)}...` : name);
  console.log(table(['self time per request: function  file:line', 'llmdoctor µs', 'undici proxy µs', 'beyond the floor'], rows.map((row) => [shorten(row.name), fixed(row.mine, 1), fixed(row.floor, 1), signed(row.mine - row.floor, 1)])));
  console.log();
  console.log(table(["inclusive time per request of llmdoctor's own functions", 'µs'], mine.inclusive.slice(0, 30).map((entry) => [shorten(entry.name), fixed(perRequest(entry.ms, served.llmdoctor), 1)])));
}

try {
  console.log(`llmdoctor gateway bench: ${DURATION} s per run after ${WARMUP} s warm-ups, loopback, ${cpus().length} cores, node ${process.version}${PROFILE ? ', llmdoctor and the undici proxy under --cpu-prof (slower)' : ''}`);

  // Installed first, so npm's work does not overlap any measurement.
  let portkeyDir = null;
  if (WITH_PORTKEY) {
    const started = Date.now();
    try {
      portkeyDir = tempDir('bench-portkey-');
      const installed = await installPortkey(portkeyDir);
      console.log(`Portkey: @portkey-ai/gateway ${installed.gateway} with @hono/node-server ${installed.honoNodeServer}, installed by npm into a temp folder in ${fixed((Date.now() - started) / 1000, 0)} s`);
    } catch (error) {
      console.log(`Portkey: not measured: ${error.message}`);
      portkeyDir = null;
    }
  } else {
    console.log('Portkey: skipped (PORTKEY=0)');
  }

  const mock = await startServer('mock', [CLI, 'mock', '--port', '0', '--rpm', '100000000', '--tpm', '1000000000']);
  const keys = await issueKeys(mock.url, MOCK_KEYS);
  const openaiBase = `${mock.url}/openai/v1`;
  const profiles = PROFILE ? { llmdoctor: tempDir('bench-profile-llmdoctor-'), undici: tempDir('bench-profile-undici-') } : null;
  const profiled = (dir) => (profiles ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []);
  const undiciProxy = await startServer('undici proxy', [...profiled(profiles?.undici), UNDICI_PROXY, mock.url]);
  // The CLI as users run it: keys and base URL from the environment, in an empty folder (no .env), with
  // every operating feature on: a client key with limits (rpm, concurrency, token budget), usage recorded,
  // a log line per request. The same gateway with them off (no client keys, no usage, no log) beside it.
  const gatewayEnv = { OPENAI_API_KEYS: keys.join(','), OPENAI_BASE_URL: openaiBase };
  const clientKey = await createClientKey(tempDir('bench-gateway-cwd-'), gatewayEnv);
  const gateway = await startServer('llmdoctor', [...profiled(profiles?.llmdoctor), CLI, 'gateway', '--port', '0', '--data-dir', clientKey.dataDir], {
    cwd: clientKey.dataDir,
    env: gatewayEnv,
  });
  const bareDir = tempDir('bench-gateway-bare-');
  // The same upstream keys as the gateway above: only the operating features differ
  const keyReferences = keys.map((_, index) => `\${OPENAI_KEY_${index + 1}}`).join(', ');
  writeFileSync(join(bareDir, 'gateway.yaml'), `upstreams:\n  - { name: openai, provider: openai, base_url: \${OPENAI_BASE_URL}, keys: [${keyReferences}] }\nlog_level: silent\nusage: { record: false }\n`);
  const bareGateway = await startServer('llmdoctor, operations off', [CLI, 'gateway', '--port', '0', '--config', join(bareDir, 'gateway.yaml')], {
    cwd: bareDir,
    env: { ...Object.fromEntries(keys.map((key, index) => [`OPENAI_KEY_${index + 1}`, key])), OPENAI_BASE_URL: openaiBase },
  });

  const targets = [
    { name: 'direct', server: mock, url: `${openaiBase}/chat/completions`, headers: { ...JSON_HEADERS, authorization: `Bearer ${keys[0]}` } },
    { name: 'undici proxy', server: undiciProxy, url: `${undiciProxy.url}/openai/v1/chat/completions`, headers: { ...JSON_HEADERS, authorization: `Bearer ${keys[0]}` } },
    { name: 'llmdoctor', server: gateway, url: `${gateway.url}/v1/chat/completions`, headers: { ...JSON_HEADERS, authorization: `Bearer ${clientKey.key}` } },
    { name: 'llmdoctor, operations off', server: bareGateway, url: `${bareGateway.url}/v1/chat/completions`, headers: JSON_HEADERS },
  ];
  if (portkeyDir) {
    try {
      const portkey = await startPortkey(portkeyDir);
      const addresses = listeningAddresses(portkey.pid);
      if (!onlyLoopback(addresses)) {
        await stopServer(portkey);
        throw new Error(`it listened on ${addresses.join(', ') || 'nothing found'}, not on loopback only: stopped`);
      }
      targets.push({ name: 'portkey', server: portkey, url: `${portkey.url}/v1/chat/completions`, headers: { ...JSON_HEADERS, ...portkeyHeaders(openaiBase, keys[0]) } });
    } catch (error) {
      console.log(`Portkey: not measured: ${error.message}`);
    }
  }
  machineLoad('before the runs');
  console.log(`Servers: ${targets.map((t) => `${t.name} ${listeningAddresses(t.server.pid).join(', ')} (pid ${t.server.pid})`).join('; ')}`);
  console.log(`llmdoctor: the CLI with ${MOCK_KEYS} keys from OPENAI_API_KEYS and OPENAI_BASE_URL at the mock, default policies; undici proxy: Pool of 128 keep-alive connections\n`);

  for (const target of [...targets]) {
    const problem = await answersCorrectly(target);
    if (problem === null) continue;
    if (target.name !== 'portkey') throw new Error(`${target.name} does not answer correctly: ${problem}`);
    console.log(`Portkey: not measured: ${problem}`);
    targets.splice(targets.indexOf(target), 1);
    await stopServer(target.server);
  }

  const results = await measureAll(targets);
  const soaked = SOAK > 0 ? await soak(targets.find((t) => t.name === 'llmdoctor')) : null;

  machineLoad('after the runs');
  printResults(targets, results);
  if (soaked) printSoak(soaked);
  printTargets(results, soaked);
  if (profiles) {
    await Promise.all([stopServer(gateway, 15_000), stopServer(undiciProxy, 15_000)]);
    const served = (name) => results.get(name).served + (name === 'llmdoctor' && soaked ? soaked.result.total : 0);
    printProfiles(profiles, { llmdoctor: served('llmdoctor'), undici: served('undici proxy') });
  }
  if (problems.length > 0) {
    console.log(`\n!!! ${problems.length} run(s) had errors; every count must be 0:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exitCode = 1;
  }
} finally {
  await cleanUp();
}
