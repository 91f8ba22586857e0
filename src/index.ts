export type { Category, RetryPolicy } from './core/categories.js';
export { CATEGORIES, RETRY_POLICY } from './core/categories.js';
export type { ClassifyInput, Diagnosis, ProviderId } from './core/diagnosis.js';
export { classify } from './providers/classify.js';
