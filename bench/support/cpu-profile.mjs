// The functions a V8 .cpuprofile (from `node --cpu-prof`) spent the most self time in.
import { readFileSync } from 'node:fs';

/**
 * Self time per function (same name, file and line merged across call sites), largest first.
 * Samples land on nodes; a node's self time is its sample count times the mean sampling interval.
 */
export function topSelfTime(profilePath, limit = 25) {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
  const totalUs = profile.endTime - profile.startTime;
  const intervalUs = totalUs / Math.max(1, profile.samples.length);
  const hits = new Map();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const byFunction = new Map();
  for (const node of profile.nodes) {
    const count = hits.get(node.id) ?? 0;
    if (count === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, 'node_modules/').replace(/^.*\/dist\//, 'dist/');
    const key = `${functionName || '(anonymous)'}  ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + count);
  }
  const samples = profile.samples.length;
  return {
    totalMs: totalUs / 1000,
    rows: [...byFunction]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, count]) => ({ name, selfMs: (count * intervalUs) / 1000, share: count / samples })),
  };
}

/** Self time per file (or per category for V8's own entries like (garbage collector)), largest first. */
export function selfTimeByFile(profilePath, limit = 15) {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
  const hits = new Map();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const byFile = new Map();
  for (const node of profile.nodes) {
    const count = hits.get(node.id) ?? 0;
    if (count === 0) continue;
    const { functionName, url } = node.callFrame;
    const file = url ? url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, 'node_modules/').replace(/^.*\/dist\//, 'dist/') : functionName;
    byFile.set(file, (byFile.get(file) ?? 0) + count);
  }
  const samples = profile.samples.length;
  return [...byFile].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([file, count]) => ({ file, share: count / samples }));
}
