/**
 * The models the simulated API serves. Listed models carry what GET /v1/models returns
 * (`type`, `id`, `display_name`, `created_at`: https://docs.anthropic.com/en/api/models-list) and
 * the output cap the API enforces ("max_tokens: 10000 > 4096, which is the maximum allowed number
 * of output tokens for …", corpus an-029). Ids, names, dates and caps: the models overview page
 * (https://docs.anthropic.com/en/docs/about-claude/models/overview).
 */

export interface SimulatedModel {
  id: string;
  displayName: string;
  createdAt: string;
  maxOutputTokens: number;
  contextWindow: number;
  /** `usage.inference_geo`: "not_available" before Opus 4.6, "global" by default since
   * (https://platform.claude.com/docs/en/build-with-claude/data-residency). */
  inferenceGeo: 'not_available' | 'global';
}

const CONTEXT_WINDOW = 200_000;

/** Newest first, as the API lists them. */
export const LISTED_MODELS: readonly SimulatedModel[] = [
  { id: 'claude-opus-4-5-20251101', displayName: 'Claude Opus 4.5', createdAt: '2025-11-24T00:00:00Z', maxOutputTokens: 64_000, contextWindow: CONTEXT_WINDOW, inferenceGeo: 'not_available' },
  { id: 'claude-haiku-4-5-20251001', displayName: 'Claude Haiku 4.5', createdAt: '2025-10-15T00:00:00Z', maxOutputTokens: 64_000, contextWindow: CONTEXT_WINDOW, inferenceGeo: 'not_available' },
  { id: 'claude-sonnet-4-5-20250929', displayName: 'Claude Sonnet 4.5', createdAt: '2025-09-29T00:00:00Z', maxOutputTokens: 64_000, contextWindow: CONTEXT_WINDOW, inferenceGeo: 'not_available' },
  { id: 'claude-opus-4-1-20250805', displayName: 'Claude Opus 4.1', createdAt: '2025-08-05T00:00:00Z', maxOutputTokens: 32_000, contextWindow: CONTEXT_WINDOW, inferenceGeo: 'not_available' },
  { id: 'claude-opus-4-20250514', displayName: 'Claude Opus 4', createdAt: '2025-05-22T00:00:00Z', maxOutputTokens: 32_000, contextWindow: CONTEXT_WINDOW, inferenceGeo: 'not_available' },
  { id: 'claude-sonnet-4-20250514', displayName: 'Claude Sonnet 4', createdAt: '2025-05-22T00:00:00Z', maxOutputTokens: 64_000, contextWindow: CONTEXT_WINDOW, inferenceGeo: 'not_available' },
  { id: 'claude-3-7-sonnet-20250219', displayName: 'Claude Sonnet 3.7', createdAt: '2025-02-24T00:00:00Z', maxOutputTokens: 64_000, contextWindow: CONTEXT_WINDOW, inferenceGeo: 'not_available' },
  { id: 'claude-3-5-haiku-20241022', displayName: 'Claude Haiku 3.5', createdAt: '2024-10-22T00:00:00Z', maxOutputTokens: 8_192, contextWindow: CONTEXT_WINDOW, inferenceGeo: 'not_available' },
  { id: 'claude-3-haiku-20240307', displayName: 'Claude Haiku 3', createdAt: '2024-03-07T00:00:00Z', maxOutputTokens: 4_096, contextWindow: CONTEXT_WINDOW, inferenceGeo: 'not_available' },
];

/** Aliases the API resolves to a dated model (models overview, "Model aliases"). */
const ALIASES: Readonly<Record<string, string>> = {
  'claude-opus-4-5': 'claude-opus-4-5-20251101',
  'claude-haiku-4-5': 'claude-haiku-4-5-20251001',
  'claude-sonnet-4-5': 'claude-sonnet-4-5-20250929',
  'claude-opus-4-1': 'claude-opus-4-1-20250805',
  'claude-opus-4-0': 'claude-opus-4-20250514',
  'claude-sonnet-4-0': 'claude-sonnet-4-20250514',
  'claude-3-7-sonnet-latest': 'claude-3-7-sonnet-20250219',
  'claude-3-5-haiku-latest': 'claude-3-5-haiku-20241022',
};

/**
 * Newer ids the official SDK knows (@anthropic-ai/sdk 1.14 `Model`, resources/messages/messages.ts)
 * and that the docs this fixture was built from do not describe: accepted for messages with an
 * assumed 128k output cap (reconstructed), but not listed, since their dates are not known here.
 */
const SDK_ONLY_IDS = [
  'claude-opus-4-6', 'claude-sonnet-4-6', 'claude-opus-4-7', 'claude-opus-4-8', 'claude-mythos-preview',
  'claude-opus-5', 'claude-sonnet-5', 'claude-fable-5', 'claude-mythos-5', 'claude-fable-5-1', 'claude-mythos-5-1',
  'claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-5-5', 'claude-fable-5-2', 'claude-mythos-5-2',
];

const BY_ID = new Map<string, SimulatedModel>();
for (const model of LISTED_MODELS) BY_ID.set(model.id, model);
for (const [alias, id] of Object.entries(ALIASES)) BY_ID.set(alias, BY_ID.get(id)!);
for (const id of SDK_ONLY_IDS) {
  BY_ID.set(id, { id, displayName: id, createdAt: '', maxOutputTokens: 128_000, contextWindow: CONTEXT_WINDOW, inferenceGeo: 'global' });
}
const LISTED_IDS = new Set(LISTED_MODELS.map((m) => m.id));

/** The model behind an id or alias, or null: the API answers 404 "model: <id>" for anything else. */
export function findModel(id: string): SimulatedModel | null {
  return BY_ID.get(id) ?? null;
}

/** A model GET /v1/models/{id} can describe (listed ones, by id or alias). */
export function findListedModel(id: string): SimulatedModel | null {
  const model = BY_ID.get(id);
  return model && LISTED_IDS.has(model.id) ? model : null;
}
