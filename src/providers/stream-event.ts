import type { StreamEvent } from './wire.js';

const NOTHING: Partial<StreamEvent> = {};

/** A stream event: what is not said is absent. Built in one literal (readers make one per frame, thousands a second). */
export function streamEvent(raw: string, fields: Partial<Omit<StreamEvent, 'raw'>> = NOTHING): StreamEvent {
  return {
    raw,
    preamble: fields.preamble ?? false,
    text: fields.text ?? '',
    otherContent: fields.otherContent ?? false,
    usage: fields.usage ?? null,
    finishes: fields.finishes ?? false,
    terminates: fields.terminates ?? false,
    hidden: fields.hidden ?? false,
    error: fields.error ?? null,
    malformed: fields.malformed ?? false,
    answerId: fields.answerId ?? null,
  };
}
