/**
 * The models the simulated account sees. `created`/`owned_by` are copied from real GET /v1/models
 * answers (a 2025-02 capture with its headers, and SDK test fixtures quoting api.openai.com): gpt-4o
 * 1715367049, gpt-4o-mini 1721172741, gpt-4o-mini-2024-07-18 1721172717, gpt-4o-2024-08-06 1722814719,
 * o1-mini 1725649008, o1 1734375816, gpt-4-turbo 1712361441, gpt-3.5-turbo 1677610602,
 * text-embedding-3-small 1705948997, text-embedding-3-large 1705953180. The gpt-4.1, gpt-5, o3-mini and
 * ada-002 values are reconstructed from memory of the same listing.
 */

export interface ModelInfo {
  id: string;
  created: number;
  owned_by: string;
}

export const MODEL_CATALOG: readonly ModelInfo[] = [
  { id: 'gpt-4o', created: 1715367049, owned_by: 'system' },
  { id: 'gpt-4o-2024-08-06', created: 1722814719, owned_by: 'system' },
  { id: 'gpt-4o-mini', created: 1721172741, owned_by: 'system' },
  { id: 'gpt-4o-mini-2024-07-18', created: 1721172717, owned_by: 'system' },
  { id: 'gpt-4-turbo', created: 1712361441, owned_by: 'system' },
  { id: 'gpt-4', created: 1687882411, owned_by: 'openai' },
  { id: 'gpt-3.5-turbo', created: 1677610602, owned_by: 'openai' },
  { id: 'gpt-4.1', created: 1744316542, owned_by: 'system' },
  { id: 'gpt-4.1-mini', created: 1744318173, owned_by: 'system' },
  { id: 'gpt-4.1-nano', created: 1744321707, owned_by: 'system' },
  { id: 'gpt-5', created: 1754425777, owned_by: 'system' },
  { id: 'gpt-5-mini', created: 1754425928, owned_by: 'system' },
  { id: 'gpt-5-nano', created: 1754426384, owned_by: 'system' },
  { id: 'o1', created: 1734375816, owned_by: 'system' },
  { id: 'o1-mini', created: 1725649008, owned_by: 'system' },
  { id: 'o3-mini', created: 1737146383, owned_by: 'system' },
  { id: 'text-embedding-3-small', created: 1705948997, owned_by: 'system' },
  { id: 'text-embedding-3-large', created: 1705953180, owned_by: 'system' },
  { id: 'text-embedding-ada-002', created: 1671217299, owned_by: 'openai-internal' },
];

const BY_ID = new Map(MODEL_CATALOG.map((m) => [m.id, m]));
export const findModel = (id: string): ModelInfo | undefined => BY_ID.get(id);

/** Aliases answer with the snapshot they point to (a request for gpt-4o-mini reports gpt-4o-mini-2024-07-18). */
const SNAPSHOTS: Readonly<Record<string, string>> = {
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4.1': 'gpt-4.1-2025-04-14',
  'gpt-4.1-mini': 'gpt-4.1-mini-2025-04-14',
  'gpt-4.1-nano': 'gpt-4.1-nano-2025-04-14',
  'gpt-5': 'gpt-5-2025-08-07',
  'gpt-5-mini': 'gpt-5-mini-2025-08-07',
  'gpt-5-nano': 'gpt-5-nano-2025-08-07',
  'gpt-3.5-turbo': 'gpt-3.5-turbo-0125',
  o1: 'o1-2024-12-17',
  'o3-mini': 'o3-mini-2025-01-31',
};
export const snapshotOf = (model: string): string => SNAPSHOTS[model] ?? model;

/**
 * Which names the API knows. It refuses near misses (cassette chat-unknown-model: `gpt-4.1-nano-wrong`
 * is a 404), so this is a grammar of the real model names, each optionally with its dated snapshot
 * suffix (`-2024-07-18`, `-0125`), plus fine-tunes (`ft:…`). Names released after this list are
 * refused as unknown; add them here.
 */
const SNAPSHOT_SUFFIX = String.raw`(?:-\d{4}-\d{2}-\d{2}|-\d{4})?`;
const CHAT_NAMES = [
  String.raw`gpt-5(?:\.\d+)?(?:-mini|-nano|-codex|-chat-latest)?`,
  String.raw`gpt-4\.1(?:-mini|-nano)?`,
  String.raw`gpt-4o(?:-mini)?(?:-search-preview|-audio-preview)?`,
  String.raw`gpt-4\.5-preview`,
  String.raw`gpt-4(?:-turbo(?:-preview)?|-32k)?`,
  String.raw`gpt-3\.5-turbo(?:-16k)?`,
  String.raw`chatgpt-4o-latest`,
  String.raw`o[134](?:-mini)?`,
];
/** Models that exist but only on other endpoints (Responses-only `-pro` models, embeddings, audio, images). */
const NON_CHAT_NAMES = [
  String.raw`gpt-5(?:\.\d+)?-pro`,
  String.raw`o[13]-pro`,
  String.raw`text-embedding-(?:3-small|3-large|ada-002)`,
  String.raw`(?:davinci|babbage)-002`,
  String.raw`gpt-3\.5-turbo-instruct`,
  String.raw`whisper-1`,
  String.raw`tts-1(?:-hd)?`,
  String.raw`dall-e-[23]`,
  String.raw`(?:text|omni)-moderation-latest`,
];
const CHAT_MODEL = new RegExp(`^(?:(?:${CHAT_NAMES.join('|')})${SNAPSHOT_SUFFIX}|ft:gpt-[\\w.:-]+)$`);
const NON_CHAT_MODEL = new RegExp(`^(?:${NON_CHAT_NAMES.join('|')})${SNAPSHOT_SUFFIX}$`);
const EMBEDDING_MODEL = /^text-embedding-(?:3-small|3-large|ada-002)$/;
const RESPONSES_ONLY_MODEL = /^(?:gpt-5(?:\.\d+)?-pro|o[13]-pro)(?:-\d{4}-\d{2}-\d{2})?$/;

/** A model that answers on /chat/completions. */
export const isChatModel = (model: string): boolean => CHAT_MODEL.test(model);
/** A real model that does not chat: /chat/completions answers "This is not a chat model…". */
export const isNonChatModel = (model: string): boolean => NON_CHAT_MODEL.test(model);
export const isEmbeddingModel = (model: string): boolean => EMBEDDING_MODEL.test(model);
/** A model for /responses: every chat model, and the Responses-only ones. */
export const isResponsesModel = (model: string): boolean => CHAT_MODEL.test(model) || RESPONSES_ONLY_MODEL.test(model);

const REASONING_MODEL = /^(?:o[1-9]|gpt-5)(?!-chat)/;
const O_SERIES = /^o[1-9]/;

/** Reasoning models refuse `max_tokens` and a non-default temperature. */
export const isReasoningModel = (model: string): boolean => REASONING_MODEL.test(model);

/** Context windows, in tokens, from the model pages (gpt-5: 400k = 272k input + 128k output). */
export function contextWindow(model: string): number {
  if (model.startsWith('gpt-4.1')) return 1_047_576;
  if (model.startsWith('gpt-5')) return 400_000;
  if (O_SERIES.test(model)) return 200_000;
  if (model.startsWith('gpt-3.5')) return 16_385;
  if (model === 'gpt-4' || model.startsWith('gpt-4-0')) return 8_192;
  return 128_000;
}

/** Native embedding sizes; `dimensions` may shorten the v3 models only. */
export function embeddingDimensions(model: string): number {
  return model === 'text-embedding-3-large' ? 3072 : 1536;
}
export const EMBEDDING_CONTEXT = 8192;
