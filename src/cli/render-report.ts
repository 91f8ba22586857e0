import type { DoctorReport } from '../doctor/run-doctor.js';
import type { DoctorProvider, Finding, FindingStatus } from '../doctor/types.js';
import type { Palette } from './color.js';

const PROVIDER_NAMES: Record<DoctorProvider | 'machine', string> = { machine: 'This machine', openai: 'OpenAI', anthropic: 'Anthropic', gemini: 'Google Gemini' };
const ORDER: (DoctorProvider | 'machine')[] = ['machine', 'openai', 'anthropic', 'gemini'];

/** One progress line, as a finding arrives (stderr, TTY only). */
export function renderProgress(finding: Finding, paint: Palette): string {
  return `${mark(finding.status, paint)} ${paint.dim(PROVIDER_NAMES[finding.provider].padEnd(13))} ${finding.title}\n`;
}

/** The report for a person: one group per provider, a line per check, then the verdict. */
export function renderReportText(report: DoctorReport, paint: Palette): string {
  const lines: string[] = [];
  for (const group of groups(report)) {
    lines.push(paint.bold(group.heading));
    for (const f of group.findings) {
      lines.push(`  ${mark(f.status, paint)} ${f.title} ${paint.dim(`(${f.check}, ${f.durationMs} ms)`)}`);
      if (f.status !== 'pass' && f.detail) lines.push(...f.detail.split('\n').map((line) => paint.dim(`      ${line}`)));
    }
    lines.push('');
  }
  lines.push(...verdictLines(report, paint), '');
  return lines.join('\n');
}

/** The report for a support ticket. */
export function renderReportMarkdown(report: DoctorReport): string {
  const lines = ['# llmdoctor check', '', `Result: **${report.ok ? 'everything works' : 'problems found'}** (${report.durationMs} ms)`, ''];
  for (const group of groups(report)) {
    lines.push(`## ${group.heading}`, '', '| | check | finding | detail |', '|---|---|---|---|');
    for (const f of group.findings) lines.push(`| ${f.status} | \`${f.check}\` | ${cell(f.title)} | ${cell(f.detail)} |`);
    lines.push('');
  }
  const { rootCauses, fixes } = report.verdict;
  if (rootCauses.length > 0) {
    lines.push('## Verdict', '', ...rootCauses.map((f) => `- **${PROVIDER_NAMES[f.provider]}**: ${f.title}${f.category ? ` (\`${f.category}\`)` : ''}`), '');
    lines.push('### Fixes', '', ...fixes.map((fix, i) => `${i + 1}. ${fix}`), '');
  }
  return lines.join('\n');
}

function groups(report: DoctorReport): { heading: string; findings: Finding[] }[] {
  return ORDER.flatMap((provider) => {
    const findings = report.findings.filter((f) => f.provider === provider);
    if (findings.length === 0) return [];
    const target = report.targets.find((t) => t.provider === provider);
    const heading = target
      ? `${PROVIDER_NAMES[provider]}  ${target.key ?? 'no key'}${target.keySource ? ` from ${target.keySource}` : ''}, ${target.baseUrl}`
      : PROVIDER_NAMES[provider];
    return [{ heading, findings }];
  });
}

function verdictLines(report: DoctorReport, paint: Palette): string[] {
  const { rootCauses, fixes } = report.verdict;
  if (rootCauses.length === 0) {
    const warnings = report.findings.filter((f) => f.status === 'warn').length;
    return [paint.green(paint.bold(`Everything checked works${warnings > 0 ? `, with ${warnings} warning${warnings > 1 ? 's' : ''} above` : ''}.`))];
  }
  return [
    paint.bold('Verdict'),
    ...rootCauses.map((f) => `  ${paint.red('✗')} ${paint.bold(PROVIDER_NAMES[f.provider])}: ${f.title}${f.category ? paint.dim(` [${f.category}]`) : ''}`),
    '',
    paint.bold('Fix'),
    ...fixes.map((fix, i) => `  ${paint.cyan(`${i + 1}.`)} ${fix}`),
  ];
}

function mark(status: FindingStatus, paint: Palette): string {
  return { pass: paint.green('✓'), warn: paint.yellow('!'), fail: paint.red('✗'), skip: paint.dim('-') }[status];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
