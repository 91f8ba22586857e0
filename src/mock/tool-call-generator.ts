import { ALPHANUMERIC, pickChars, type Random } from '../core/seeded-random.js';
import type { ForcedTool, SimulatedToolCall } from '../providers/simulator.js';
import { argumentsForSchema } from './schema-arguments.js';

/** Real argument deltas are a few characters each, cut anywhere (inside strings and escapes too). */
const FRAGMENT_CHARS = { min: 1, max: 8 };

/** The call a forced tool gets: arguments from its schema, serialized compactly and cut as a stream delivers them. */
export function generateToolCall(random: Random, tool: ForcedTool): SimulatedToolCall {
  const args = argumentsForSchema(tool.schema, random);
  const argumentsText = JSON.stringify(args);
  return { name: tool.name, id: pickChars(random, ALPHANUMERIC, 24), arguments: args, argumentsText, fragments: fragmentsOf(argumentsText, random) };
}

function fragmentsOf(text: string, random: Random): string[] {
  const fragments: string[] = [];
  let at = 0;
  while (at < text.length) {
    let end = Math.min(text.length, at + FRAGMENT_CHARS.min + Math.floor(random() * (FRAGMENT_CHARS.max - FRAGMENT_CHARS.min + 1)));
    if (isHighSurrogate(text.charCodeAt(end - 1)) && end < text.length) end++; // never split a character in two
    fragments.push(text.slice(at, end));
    at = end;
  }
  return fragments;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
