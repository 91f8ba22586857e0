import { asRecord } from '../probe.js';

/** How many candidates a request asks for (`generationConfig.candidateCount`; proto JSON also takes snake_case). */
export function candidatesAsked(request: Record<string, unknown> | undefined): number {
  const config = asRecord(request?.generationConfig) ?? asRecord(request?.generation_config);
  const count = config?.candidateCount ?? config?.candidate_count;
  return typeof count === 'number' && Number.isInteger(count) && count > 1 ? count : 1;
}
