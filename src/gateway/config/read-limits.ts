import { readCount, readDuration, readSize } from './read-values.js';
import { fieldsOf, given, optional, section, type Setting } from './setting.js';
import type { GatewayLimits } from './types.js';

const LIMIT_FIELDS = ['max_body_bytes', 'queue', 'keys', 'connections_per_upstream', 'remembered_responses', 'background_usage'] as const;
const QUEUE_FIELDS = ['max_size', 'max_wait_ms'] as const;
const KEY_LIMIT_FIELDS = ['max_in_flight', 'cooldown_ms', 'reprobe_ms'] as const;
const BACKGROUND_USAGE_FIELDS = ['first_check_ms', 'max_check_interval_ms', 'give_up_after_ms'] as const;

/** `limits`: every field optional, each absent one keeps its default. */
export function readLimits(setting: Setting | undefined, base: GatewayLimits): GatewayLimits {
  const present = given(setting);
  if (present === undefined) return structuredClone(base);
  const f = fieldsOf(present, LIMIT_FIELDS);
  const queue = section(f.queue, QUEUE_FIELDS);
  const keys = section(f.keys, KEY_LIMIT_FIELDS);
  const background = section(f.background_usage, BACKGROUND_USAGE_FIELDS);
  return {
    maxBodyBytes: optional(f.max_body_bytes, readSize, base.maxBodyBytes),
    queue: {
      maxSize: optional(queue.max_size, readCount, base.queue.maxSize),
      maxWaitMs: optional(queue.max_wait_ms, readDuration, base.queue.maxWaitMs),
    },
    keys: {
      maxInFlight: optional(keys.max_in_flight, readCount, base.keys.maxInFlight),
      cooldownMs: optional(keys.cooldown_ms, readDuration, base.keys.cooldownMs),
      reprobeMs: optional(keys.reprobe_ms, readDuration, base.keys.reprobeMs),
    },
    connectionsPerUpstream: optional(f.connections_per_upstream, readCount, base.connectionsPerUpstream),
    rememberedResponses: optional(f.remembered_responses, readCount, base.rememberedResponses),
    backgroundUsage: {
      firstCheckMs: optional(background.first_check_ms, readDuration, base.backgroundUsage.firstCheckMs),
      maxCheckIntervalMs: optional(background.max_check_interval_ms, readDuration, base.backgroundUsage.maxCheckIntervalMs),
      giveUpAfterMs: optional(background.give_up_after_ms, readDuration, base.backgroundUsage.giveUpAfterMs),
    },
  };
}
