import { DEFAULTS } from '../../core/defaults.js';
import type { GatewayConfig } from '../config/types.js';
import type { GatewayStore } from '../store/types.js';
import { AnswerHomes, storedAnswerRecords } from './answer-homes.js';
import { LateUsage, type LateUsageDeps } from './late-usage.js';
import type { Upstream } from './upstream.js';

export interface LateAnswersSetup extends Pick<LateUsageDeps, 'counted' | 'gaveUp'> {
  config: GatewayConfig;
  store: GatewayStore;
  upstreams: ReadonlyMap<string, Upstream>;
}

/**
 * The homes of stored answers, and the follower of those generated after their request was answered: every
 * such answer remembered is followed until its tokens are counted, and after a start so are those the store
 * holds as uncounted.
 */
export function followLateAnswers(setup: LateAnswersSetup): { answerHomes: AnswerHomes; lateUsage: LateUsage } {
  const { config, store, upstreams } = setup;
  const { checkTimeoutMs, maxFollowed } = DEFAULTS.gateway.backgroundUsage;
  let lateUsage: LateUsage | null = null;
  const answerHomes = new AnswerHomes(config.limits.rememberedResponses, storedAnswerRecords(store, upstreams), (answerId, home) =>
    lateUsage?.follow({ answerId, upstream: home.upstream, keyIndex: home.keyIndex, clientKeyId: typeof home.client === 'string' ? home.client : null, madeAt: Date.now() }),
  );
  lateUsage = new LateUsage({
    upstreams,
    homes: answerHomes,
    timing: { ...config.limits.backgroundUsage, checkTimeoutMs, maxFollowed },
    counted: setup.counted,
    gaveUp: setup.gaveUp,
  });
  lateUsage.followStored(store);
  return { answerHomes, lateUsage };
}
