import { BoundedCache } from '../../core/bounded-cache.js';
import type { RoutePlan } from './route-plan.js';
import type { Upstream } from './upstream.js';

/** Where a stored answer was made: only that key's account (an OpenAI project) holds it. */
export interface AnswerHome {
  upstream: string;
  keyIndex: number;
  /** The client key that asked for it (null without client keys): no other client may reach it through us. */
  client: string | null;
}

/**
 * The upstream and key of each answer an upstream stored for later requests (an OpenAI response that
 * `previous_response_id` continues, that `GET /v1/responses/{id}` reads). With keys from several
 * projects in rotation, a request naming the answer must go to the key that made it; any other answers
 * "not found". Held in memory, the least recently used forgotten past the bound; the usage store (when it
 * records) keeps every answer's maker for after a restart.
 */
export class AnswerHomes {
  private readonly homes: BoundedCache<string, AnswerHome>;

  /** `recorded`: the home the usage store kept, for answers made before a restart or forgotten since. */
  constructor(
    capacity: number,
    private readonly recorded: (answerId: string) => AnswerHome | undefined = () => undefined,
  ) {
    this.homes = new BoundedCache(capacity);
  }

  remember(answerId: string, home: AnswerHome): void {
    this.homes.set(answerId, home);
  }

  homeOf(answerId: string): AnswerHome | undefined {
    const known = this.homes.get(answerId);
    if (known !== undefined) return known;
    const recorded = this.recorded(answerId);
    if (recorded !== undefined) this.homes.set(answerId, recorded);
    return recorded;
  }
}

/** Who made an answer, as the usage store recorded it. */
export interface AnswerMaker {
  upstream: string;
  keyFingerprint: string;
  clientKeyId: string | null;
}

/** Homes from the usage store's records: the key found again among the upstream's by its fingerprint. */
export function recordedHomes(makerOf: (answerId: string) => AnswerMaker | null, upstreams: ReadonlyMap<string, Upstream>) {
  return (answerId: string): AnswerHome | undefined => {
    const maker = makerOf(answerId);
    if (maker === null) return undefined;
    const keyIndex = upstreams.get(maker.upstream)?.pool.keyIndexOf(maker.keyFingerprint) ?? -1;
    return keyIndex < 0 ? undefined : { upstream: maker.upstream, keyIndex, client: maker.clientKeyId };
  };
}

/**
 * The plan for a request that needs a stored answer: its targets on the answer's upstream, each held to
 * the key that made it. The plan as it is when the home is unknown (made elsewhere, or while usage was not
 * recorded, and since forgotten) or none of its targets is on that upstream: the upstream then says whether it knows the answer.
 */
export function planForHome(plan: RoutePlan, home: AnswerHome | undefined): RoutePlan {
  if (home === undefined) return plan;
  const targets = plan.targets.filter((target) => target.upstream.name === home.upstream).map((target) => ({ ...target, pinnedKey: home.keyIndex }));
  return targets.length === 0 ? plan : { ...plan, targets };
}
