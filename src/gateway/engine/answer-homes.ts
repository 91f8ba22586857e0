import { BoundedCache } from '../../core/bounded-cache.js';
import type { Usage } from '../../providers/wire.js';
import type { GatewayStore } from '../store/types.js';
import type { Delivered } from './attempt-loop.js';
import type { GatewayCall } from './call.js';
import type { RoutePlan } from './route-plan.js';
import type { Trail } from './trail.js';
import type { Upstream } from './upstream.js';

/** Where a stored answer was made: only that key's account (an OpenAI project, a Google Cloud project) holds it. */
export interface AnswerHome {
  upstream: string;
  keyIndex: number;
  /**
   * The client key that made it (null without client keys): no other client may reach it through us. ANY_CLIENT
   * for one made elsewhere and found by asking the keys: every client may reach it, as at the upstream.
   */
  client: string | null | typeof ANY_CLIENT;
  /**
   * Its tokens are not counted yet: it was answered before it was generated (an OpenAI background response), so
   * the first read that finds it finished brings its usage.
   */
  usageUncounted?: true;
}

export const ANY_CLIENT = Symbol('any client');

/** An upstream's key. */
type KeyPlace = Pick<AnswerHome, 'upstream' | 'keyIndex'>;

/** What the store knows of answers and clients, for the homes it kept across restarts. */
export interface AnswerRecords {
  /** The home the usage store kept, for answers made before a restart or forgotten since. */
  recorded(answerId: string): AnswerHome | undefined;
  /** The client key that replaced this one by rotation, if any. */
  replacedBy(clientKeyId: string): string | null;
}

const NO_RECORDS: AnswerRecords = { recorded: () => undefined, replacedBy: () => null };

/** Rotations of rotations followed at most: more is a loop no store should hold. */
const MAX_ROTATIONS = 64;

/**
 * The upstream and key of each answer an upstream stored for later requests (an OpenAI response that
 * `previous_response_id` continues, that `GET /v1/responses/{id}` reads; a conversation; a Gemini context
 * cache that `generateContent` uses). With keys from several
 * projects in rotation, a request naming the answer must go to the key that made it; any other answers
 * "not found". Held in memory, the least recently used forgotten past the bound; the usage store (when it
 * records) keeps every answer's maker for after a restart.
 */
export class AnswerHomes {
  private readonly homes: BoundedCache<string, AnswerHome>;

  /** `onUncounted`: told of each answer remembered with its tokens uncounted (to follow it until they are known). */
  constructor(
    capacity: number,
    private readonly records: AnswerRecords = NO_RECORDS,
    private readonly onUncounted: (answerId: string, home: AnswerHome) => void = () => {},
  ) {
    this.homes = new BoundedCache(capacity);
  }

  remember(answerId: string, home: AnswerHome): void {
    this.homes.set(answerId, home);
    if (home.usageUncounted) this.onUncounted(answerId, home);
  }

  homeOf(answerId: string): AnswerHome | undefined {
    const known = this.homes.get(answerId);
    if (known !== undefined) return known;
    const recorded = this.records.recorded(answerId);
    if (recorded !== undefined) this.homes.set(answerId, recorded);
    return recorded;
  }

  /**
   * The usage a read of the answer brings to count: a background answer's, once, at the first read that finds it
   * finished. The read's usage row then carries the answer's id, so that after a restart it counts as counted. A
   * read that carries no tokens (an answer in progress, a cache's or a conversation's object) counts nothing.
   */
  usageOfRead(answerId: string, usage: Usage | null): Usage | null {
    const home = usage === null || usage.inputTokens + usage.outputTokens === 0 ? undefined : this.homeOf(answerId);
    if (home?.usageUncounted !== true) return null;
    const { usageUncounted: _counted, ...counted } = home;
    this.homes.set(answerId, counted);
    return usage;
  }

  /** Whether this client may reach the answer through us: its maker may, and so does the key a rotation gave it. */
  mayReach(home: AnswerHome, client: string | null): boolean {
    if (home.client === ANY_CLIENT || home.client === client) return true;
    let maker = home.client;
    for (let rotation = 0; maker !== null && client !== null && rotation < MAX_ROTATIONS; rotation++) {
      maker = this.records.replacedBy(maker);
      if (maker === client) return true;
    }
    return false;
  }
}

/** Who made an answer, as the usage store recorded it, and the tokens counted for it since (when it was made or read). */
export interface AnswerMaker {
  upstream: string;
  keyFingerprint: string;
  clientKeyId: string | null;
  modelServed: string | null;
  tokensCounted: number;
}

/** The store's records: a home's key found again among the upstream's by its fingerprint. */
export function storedAnswerRecords(store: Pick<GatewayStore, 'answerMaker' | 'clientKeyById'>, upstreams: ReadonlyMap<string, Upstream>): AnswerRecords {
  return {
    recorded: (answerId) => {
      const maker = store.answerMaker(answerId);
      if (maker === null) return undefined;
      const keyIndex = upstreams.get(maker.upstream)?.pool.keyIndexOf(maker.keyFingerprint) ?? -1;
      if (keyIndex < 0) return undefined;
      return { upstream: maker.upstream, keyIndex, client: maker.clientKeyId, ...(maker.tokensCounted === 0 && { usageUncounted: true }) };
    },
    replacedBy: (clientKeyId) => store.clientKeyById(clientKeyId)?.replacedBy ?? null,
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

/**
 * What a served request teaches. The answer it made (not one it read) is its client's. The answer it named,
 * when no home was known (made elsewhere, or while usage was not recorded, and since forgotten), is where the
 * key that served it is: the next request that names it goes there without asking the others.
 */
export function learnHomes(homes: AnswerHomes, call: GatewayCall, trail: Trail, delivered: Pick<Delivered, 'answerId' | 'usage'>, where: KeyPlace): void {
  const { answerId } = delivered;
  const named = call.answerNeeded;
  if (answerId !== null && answerId !== named) {
    trail.answerId = answerId;
    homes.remember(answerId, madeHome(call, where, delivered.usage === null));
  }
  if (named !== null && homes.homeOf(named) === undefined) homes.remember(named, { ...where, client: ANY_CLIENT });
}

/**
 * An answer the upstream stores, seen as it starts to stream: its home is known before the client's stream ends,
 * which it may never do (a background response is generated on after the client left; it is read later).
 */
export function rememberStoring(homes: AnswerHomes, call: GatewayCall, answerId: string, where: KeyPlace): void {
  if (answerId !== call.answerNeeded) homes.remember(answerId, madeHome(call, where, true));
}

/** The home of an answer this call made; its usage is uncounted when the call generated it without reporting any. */
function madeHome(call: GatewayCall, where: KeyPlace, noUsage: boolean): AnswerHome {
  return { ...where, client: call.client?.id ?? null, ...(call.match.generates && noUsage && { usageUncounted: true }) };
}
