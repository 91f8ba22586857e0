// Where a process spent its CPU, from the V8 .cpuprofile that `node --cpu-prof` writes at exit.
// Shares are of the busy samples: (idle) is left out, since a server under test waits for most of a
// bench while the other servers are measured.
import { readFileSync } from 'node:fs';

const shortFile = (url) => url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, 'node_modules/').replace(/^.*\/dist\//, 'dist/');

/** A profile's busy samples, each with its node, and the parent of every node. */
function readProfile(profilePath) {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const intervalUs = (profile.endTime - profile.startTime) / Math.max(1, profile.samples.length);
  const busy = profile.samples.filter((id) => nodes.get(id).callFrame.functionName !== '(idle)');
  return { nodes, parents, intervalUs, busy, totalMs: (profile.endTime - profile.startTime) / 1000 };
}

const frameName = ({ functionName, url, lineNumber }) => `${functionName || '(anonymous)'}${url ? `  ${shortFile(url)}:${lineNumber + 1}` : ''}`;

function ranked(counts, busy, intervalUs, limit) {
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, count]) => ({ name, ms: (count * intervalUs) / 1000, share: count / busy }));
}

/**
 * Self time per function (call sites of one function merged), per file (V8's own entries such as
 * (garbage collector) or a native like writev under their own name), and the inclusive time of the
 * functions whose file matches `ownCode`: what each of our steps costs with everything it calls.
 */
export function summariseProfile(profilePath, { limit = 25, ownCode = /\/dist\// } = {}) {
  const { nodes, parents, intervalUs, busy, totalMs } = readProfile(profilePath);
  const self = new Map();
  const byFile = new Map();
  const inclusive = new Map();
  for (const id of busy) {
    const frame = nodes.get(id).callFrame;
    const name = frameName(frame);
    self.set(name, (self.get(name) ?? 0) + 1);
    const file = frame.url ? shortFile(frame.url) : frame.functionName;
    byFile.set(file, (byFile.get(file) ?? 0) + 1);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parents.get(at)) {
      const callFrame = nodes.get(at).callFrame;
      if (!ownCode.test(callFrame.url)) continue;
      const own = frameName(callFrame);
      if (seen.has(own)) continue;
      seen.add(own);
      inclusive.set(own, (inclusive.get(own) ?? 0) + 1);
    }
  }
  return {
    totalMs,
    busyMs: (busy.length * intervalUs) / 1000,
    self: ranked(self, busy.length, intervalUs, limit),
    files: ranked(byFile, busy.length, intervalUs, limit),
    inclusive: ranked(inclusive, busy.length, intervalUs, limit),
  };
}
