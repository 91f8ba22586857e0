import { estimateTokens } from '../simulated-common.js';
import type { FailureContext, SimOperation } from '../simulator.js';

/** What an error message names: the caller's key, model, method and API version. */
export interface ErrorSubject {
  variant: string | null;
  key: string | null;
  /** Bare model id (`gemini-2.5-flash`). */
  model: string;
  /** RPC method as Google names it in messages (`generateContent`, `streamGenerateContent`, ...). */
  method: string;
  apiVersion: string;
  /** Estimated prompt tokens (about four characters a token). */
  promptTokens: number;
  path: string;
  ctx: FailureContext;
}

const DEFAULT_MODEL = 'gemini-2.5-flash';

const METHODS: Partial<Record<SimOperation['name'], string>> = {
  generateContent: 'generateContent',
  streamGenerateContent: 'streamGenerateContent',
  countTokens: 'countTokens',
  'models.list': 'listModels',
  'models.retrieve': 'getModel',
};

const API_VERSION = /^\/(v1beta|v1alpha|v1)\//;

export function errorSubject(op: SimOperation | null, ctx: FailureContext, path: string): ErrorSubject {
  const version = API_VERSION.exec(path)?.[1] ?? 'v1beta';
  return {
    variant: ctx.variant,
    key: ctx.key,
    model: op?.model ?? DEFAULT_MODEL,
    method: (op && METHODS[op.name]) ?? 'generateContent',
    apiVersion: version,
    promptTokens: estimateTokens(op?.promptText ?? ''),
    path,
    ctx,
  };
}
