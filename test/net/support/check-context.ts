import type { CheckContext, DoctorOptions, Finding } from '../../../src/doctor/types.js';

/** A CheckContext that collects findings, with the environment the test gives. */
export function checkContext(env: Record<string, string | undefined>, options: { signal?: AbortSignal; offline?: boolean } = {}) {
  const findings: Finding[] = [];
  const doctorOptions: DoctorOptions = {
    providers: null, models: [], timeoutMs: 20_000, offline: options.offline ?? false, probe: false,
    env, cwd: process.cwd(), envFile: null, pid: null, fsRoot: '/',
  };
  const ctx: CheckContext = { options: doctorOptions, signal: options.signal ?? new AbortController().signal, report: (finding) => findings.push(finding) };
  const byCheck = (check: string): Finding => {
    const found = findings.filter((finding) => finding.check === check);
    if (found.length !== 1) throw new Error(`expected one ${check} finding, got ${found.length}: ${JSON.stringify(findings, null, 2)}`);
    return found[0]!;
  };
  return { ctx, findings, byCheck };
}
