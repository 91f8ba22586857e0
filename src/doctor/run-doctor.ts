import { describeSecret, redactSecrets } from '../core/redact.js';
import { checkApi } from './checks/api.js';
import { checkKeyAndBaseUrl } from './checks/keys.js';
import { checkNetworkPath } from './checks/network.js';
import { checkProxyEnvironment } from './checks/proxy.js';
import { discoverTargets } from './environment/discover.js';
import type { CheckContext, DoctorOptions, DoctorProvider, Finding, ProviderTarget } from './types.js';
import { verdictOf, type Verdict } from './verdict.js';

export interface DoctorReport {
  /** True when no check failed. */
  ok: boolean;
  targets: { provider: DoctorProvider; key: string | null; keySource: string | null; baseUrl: string; baseUrlSource: string }[];
  findings: Finding[];
  verdict: Verdict;
  durationMs: number;
}

/**
 * Runs the whole checklist: discovery first, then every provider's checks and the machine's in
 * parallel, each provider inside its own time box. Findings stream to `onFinding` as they come.
 */
export async function runDoctor(options: DoctorOptions, onFinding: (finding: Finding) => void = () => {}): Promise<DoctorReport> {
  const started = Date.now();
  const findings: Finding[] = [];
  let finished = false;
  // A check that outlived its time box may still report: the run is over, drop it
  const report = (finding: Finding) => {
    if (finished) return;
    findings.push(finding);
    onFinding(finding);
  };
  const discovered = await discoverTargets(options);
  discovered.findings.forEach(report);
  if (discovered.targets.length === 0) report(noProviderConfigured(Date.now() - started));

  const groups: Promise<void>[] = [timeBoxed(options, 'machine', report, (ctx) => checkProxyEnvironment(ctx))];
  for (const target of discovered.targets) {
    groups.push(
      timeBoxed(options, target.provider, report, async (ctx) => {
        await checkKeyAndBaseUrl(target, ctx);
        if (options.offline) return;
        await Promise.all([checkNetworkPath(target, ctx), checkApi(target, ctx)]);
      }),
    );
  }
  await Promise.all(groups);
  finished = true;
  return {
    ok: !findings.some((f) => f.status === 'fail'),
    targets: discovered.targets.map(describeTarget),
    findings,
    verdict: verdictOf(findings),
    durationMs: Date.now() - started,
  };
}

/** Runs one group inside the time box; a group that throws is a bug, reported as a finding rather than lost. */
async function timeBoxed(
  options: DoctorOptions,
  provider: DoctorProvider | 'machine',
  report: (finding: Finding) => void,
  run: (ctx: CheckContext) => Promise<void>,
): Promise<void> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const started = Date.now();
  const ctx: CheckContext = { options, signal, report };
  // The time box holds even if a check ignores the signal
  const expired = new Promise<'expired'>((resolve) => signal.addEventListener('abort', () => resolve('expired'), { once: true }));
  try {
    const outcome = await Promise.race([run(ctx).then(() => 'done' as const), expired]);
    if (outcome === 'expired') {
      report({
        provider, check: 'time_box', status: 'warn', category: 'timeout', title: `checks still running after ${options.timeoutMs} ms were stopped`,
        detail: 'Some steps did not finish in time; their findings are missing above.', fixes: ['Rerun with a larger --timeout if the network is slow.'],
        durationMs: Date.now() - started,
      });
    }
  } catch (error) {
    report({
      provider, check: 'internal', status: 'fail', category: null, title: 'a check failed unexpectedly (a bug in llmdoctor)',
      detail: error instanceof Error ? error.message : String(error), fixes: ['Please report this with the output of llmdoctor check --json.'],
      durationMs: Date.now() - started,
    });
  }
}

/** Nothing to check is a failure too: whoever runs the doctor expected some provider to be set up. */
function noProviderConfigured(durationMs: number): Finding {
  return {
    provider: 'machine', check: 'env.keys', status: 'fail', category: 'key_missing',
    title: 'No API key or base URL is configured for any provider',
    detail: 'Neither the environment nor the .env files here set a key for OpenAI, Anthropic or Gemini (see the lines above for where the doctor looked).',
    fixes: [
      'Set OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY where the service runs, or run the doctor in the service\'s directory or with --pid <its pid>.',
      'To see what the doctor reports without a key, run: llmdoctor demo',
    ],
    durationMs,
  };
}

function describeTarget(target: ProviderTarget): DoctorReport['targets'][number] {
  return {
    provider: target.provider,
    key: target.key === null ? null : describeSecret(target.key.trim()),
    keySource: target.keySource,
    // A base URL may carry credentials (user:pass@, ?key=)
    baseUrl: redactSecrets(target.baseUrl),
    baseUrlSource: target.baseUrlSource,
  };
}
