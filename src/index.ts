export { CATEGORIES, RETRY_POLICY, isCategory, type Category, type RetryPolicy } from './core/categories.js';
export type { ClassifyInput, Diagnosis, HeadersLike, ProviderId } from './core/diagnosis.js';
export type { InspectKeyOptions, KeyInspection, KeyProblem, KeyProblemCode } from './core/inspect-key.js';
export type { KeyFormat, KeyKind } from './core/key-format.js';
export { describeSecret, fingerprint, maskSecret, redactSecrets } from './core/redact.js';
export { classify } from './providers/classify.js';
export { ALL_KEY_FORMATS, inspectKey } from './providers/key-formats.js';
export { createResilientFetch, type AttemptEvent, type ResilientFetchOptions } from './gateway/resilient-fetch.js';
