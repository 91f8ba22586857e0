import { asRecord } from '../probe.js';
import type { GoogleStatus } from './simulated-envelope.js';
import { invalidArgument, unknownFields } from './simulated-errors.js';
import { candidatesAsked } from './wire-candidates.js';

/**
 * What the front end and the model service check in a request body, in their words. Proto JSON
 * accepts each field by its JSON name and by its proto name (`systemInstruction` and
 * `system_instruction`). Only the message shapes that are stable are checked for unknown fields
 * (the request, `generationConfig`, each `Content`); parts keep gaining kinds, so a part is only
 * required to set one.
 */

export interface CheckedBody {
  promptText: string;
  maxTokens: number | null;
  /** `candidateCount`: how many answers are asked for. */
  answers: number;
}

type Json = Record<string, unknown>;

const GENERATE_FIELDS = new Set([
  'model', 'contents', 'tools', 'toolConfig', 'tool_config', 'safetySettings', 'safety_settings', 'systemInstruction', 'system_instruction',
  'generationConfig', 'generation_config', 'cachedContent', 'cached_content', 'serviceTier', 'service_tier', 'labels',
]);
const COUNT_FIELDS = new Set(['contents', 'generateContentRequest', 'generate_content_request']);
const GENERATION_CONFIG_FIELDS = new Set(
  [
    'stopSequences', 'responseMimeType', 'responseSchema', 'responseJsonSchema', '_responseJsonSchema', 'responseModalities', 'candidateCount',
    'maxOutputTokens', 'temperature', 'topP', 'topK', 'seed', 'presencePenalty', 'frequencyPenalty', 'responseLogprobs', 'logprobs',
    'enableEnhancedCivicAnswers', 'speechConfig', 'thinkingConfig', 'imageConfig', 'mediaResolution', 'audioTranscriptionConfig',
  ].flatMap((name) => [name, snake(name)]),
);
const CONTENT_FIELDS = new Set(['role', 'parts']);
const ROLES = new Set(['user', 'model', 'function']);

/** Checks a parsed body; `counting` for countTokens, whose contents may be empty. */
export function checkBody(body: unknown, counting: boolean): CheckedBody | GoogleStatus {
  const request = asRecord(body);
  if (!request) return invalidArgument('Invalid JSON payload received. Unknown name "": Root element must be a message.');
  const unknown = Object.keys(request).filter((k) => !(counting ? COUNT_FIELDS : GENERATE_FIELDS).has(k));
  if (unknown.length > 0) return unknownFields(unknown.map((name) => ({ name, at: null })));
  if (counting) {
    const inner = (request.generateContentRequest ?? request.generate_content_request) as Json | undefined;
    if (request.contents === undefined && inner && typeof inner === 'object') return checkGenerate(inner, 'CountTokensRequest.generate_content_request', true);
    return checkGenerate(request, 'CountTokensRequest', true);
  }
  return checkGenerate(request, 'GenerateContentRequest', false);
}

function checkGenerate(request: Json, prefix: string, counting: boolean): CheckedBody | GoogleStatus {
  const config = request.generationConfig ?? request.generation_config;
  if (config !== undefined && config !== null) {
    if (typeof config !== 'object' || Array.isArray(config)) return invalidValue('generation_config', 'type.googleapis.com/google.ai.generativelanguage.v1beta.GenerationConfig', config);
    const unknown = Object.keys(config).filter((k) => !GENERATION_CONFIG_FIELDS.has(k));
    if (unknown.length > 0) return unknownFields(unknown.map((name) => ({ name, at: 'generation_config' })));
  }
  const contents = listOf(request.contents);
  if (contents === null) return invalidValue('contents', 'type.googleapis.com/google.ai.generativelanguage.v1beta.Content', request.contents);
  if (contents.length === 0 && !counting) return invalidArgument(`* ${prefix}.contents: contents is not specified\n`);

  let text = systemText(request.systemInstruction ?? request.system_instruction);
  const problems: string[] = [];
  for (const [i, item] of contents.entries()) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return invalidValue(`contents[${i}]`, 'type.googleapis.com/google.ai.generativelanguage.v1beta.Content', item);
    const content = item as Json;
    const unknown = Object.keys(content).filter((k) => !CONTENT_FIELDS.has(k));
    if (unknown.length > 0) return unknownFields(unknown.map((name) => ({ name, at: `contents[${i}]` })));
    if (typeof content.role === 'string' && content.role !== '' && !ROLES.has(content.role)) return invalidArgument('Please use a valid role: user, model.');
    const parts = listOf(content.parts);
    if (parts === null) return invalidValue(`contents[${i}].parts`, 'type.googleapis.com/google.ai.generativelanguage.v1beta.Part', content.parts);
    if (parts.length === 0) problems.push(`* ${prefix}.contents[${i}].parts: contents.parts must not be empty.\n`);
    for (const [j, part] of parts.entries()) {
      if (part === null || typeof part !== 'object' || Object.keys(part).length === 0) {
        problems.push(`* ${prefix}.contents[${i}].parts[${j}].data: required oneof field 'data' must have one initialized field\n`);
      } else if (typeof (part as Json).text === 'string') {
        text += (part as Json).text as string;
      }
    }
  }
  if (problems.length > 0) return invalidArgument(problems.join(''));
  return { promptText: text, maxTokens: maxTokensOf(config), answers: candidatesAsked(request) };
}

/** A repeated field: a list, or one message standing for a list of one; null when neither. */
function listOf(value: unknown): unknown[] | null {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  return typeof value === 'object' ? [value] : null;
}

function systemText(instruction: unknown): string {
  if (!instruction || typeof instruction !== 'object') return '';
  const parts = listOf((instruction as Json).parts) ?? [];
  return parts.map((p) => (p && typeof p === 'object' && typeof (p as Json).text === 'string' ? ((p as Json).text as string) : '')).join('');
}

function maxTokensOf(config: unknown): number | null {
  if (!config || typeof config !== 'object') return null;
  const raw = (config as Json).maxOutputTokens ?? (config as Json).max_output_tokens;
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : null;
}

/**
 * A value of the wrong type: `Invalid value at 'browse_id' (TYPE_STRING), 1` is the front end's
 * wording for scalars (a real answer quoted in public write-ups); message types are named by URL.
 */
export function invalidValue(field: string, type: string, value: unknown): GoogleStatus {
  const description = `Invalid value at '${field}' (${type}), ${JSON.stringify(value) ?? 'null'}`;
  return invalidArgument(description, [{ field, description }]);
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
