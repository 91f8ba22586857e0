import type { Category } from '../core/categories.js';

/**
 * The doctor's contract. Discovery finds which key and base URL each provider really uses; check
 * groups run per provider target (and once per machine) in parallel, each inside a time box, and
 * report findings as they complete; renderers turn findings into text, JSON or Markdown.
 */

export type DoctorProvider = 'openai' | 'anthropic' | 'gemini';

export type FindingStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface Finding {
  /** `machine` for checks of this host that concern every provider (proxy variables, container, clock). */
  provider: DoctorProvider | 'machine';
  /**
   * Stable id of the check: `env.keys`, `env.conflict`, `env.container`, `key.hygiene`, `key.kind`,
   * `base_url`, `net.dns`, `net.tcp4`, `net.tcp6`, `net.tls`, `net.http`, `proxy.env`, `proxy.reach`,
   * `proxy.connect`, `proxy.node_fetch`, `api.auth`, `api.model`, `api.probe`, `api.rate_limits`,
   * `region`, `clock`.
   */
  check: string;
  status: FindingStatus;
  /** A taxonomy category where one applies (a failed auth is `key_invalid`, a TLS failure `network_tls`). */
  category: Category | null;
  /** One line, e.g. "OPENAI_API_KEY has a trailing newline". Keys appear only masked (describeSecret). */
  title: string;
  /** What was seen, with numbers: addresses, timings, issuer, masked keys and fingerprints. */
  detail: string;
  /** Ordered remedies, most likely first; empty when nothing is to be done. */
  fixes: string[];
  durationMs: number;
}

/** What one provider's calls from this machine would use. */
export interface ProviderTarget {
  provider: DoctorProvider;
  /** The secret itself, for the checks that call the API; never printed (use describeSecret). */
  key: string | null;
  /** Where the key came from: `environment OPENAI_API_KEY`, `.env line 3`, `--env-file path`, `process 1234`. */
  keySource: string | null;
  /** The base URL the official SDK would use (its default, or the SDK's own override variable). */
  baseUrl: string;
  /** `default`, or the variable that set it: `environment OPENAI_BASE_URL`. */
  baseUrlSource: string;
  /** OpenAI organization / project ids when set (OPENAI_ORG_ID, OPENAI_PROJECT_ID). */
  organization: string | null;
  project: string | null;
}

export interface DoctorOptions {
  /** Only these providers; null: every provider that has a key or a base URL configured. */
  providers: DoctorProvider[] | null;
  /** Models to check access to (`--model`), in the user's words. */
  models: string[];
  /** Budget of one provider's whole check run, ms. */
  timeoutMs: number;
  /** Local checks only: no DNS, no connections. */
  offline: boolean;
  /** Send one tiny billable request per provider (reveals billing, quota, verification, region problems). */
  probe: boolean;
  /** The process environment as the doctor sees it (tests pass their own). */
  env: Readonly<Record<string, string | undefined>>;
  /** Working directory whose `.env` family files are read. */
  cwd: string;
  envFile: string | null;
  /** A running service whose environment to read (/proc/PID/environ). */
  pid: number | null;
  /** Root of the file system, for container detection (tests pass a fake root). */
  fsRoot: string;
}

export interface CheckContext {
  options: DoctorOptions;
  /** Aborted when the time box of this run ends: stop work and report what is known. */
  signal: AbortSignal;
  /** Findings are reported as soon as each is known (live progress). */
  report(finding: Finding): void;
}
