import type { AbuseAppealAction } from '../../domain/abuse-appeal/actions.ts'
import { availableAbuseAppealActions } from '../../domain/abuse-appeal/actions.ts'
import type { AbuseAppeal } from '../../domain/abuse-appeal/state.ts'
import type { Actor } from '../../domain/shared/actor.ts'
import type { AbuseAppealId } from '../../domain/shared/ids.ts'
import type { Queryable } from '../../store/database.ts'
import type { Loaded } from '../../store/event-store.ts'
import { abuseAppealAggregate } from '../aggregates.ts'
import { loadVisible } from '../execute.ts'
import { listAggregates, type ListQuery, type Page } from '../lists.ts'

export type AbuseAppealView = AbuseAppeal & {
  readonly id: AbuseAppealId
  readonly version: number
  readonly availableActions: readonly AbuseAppealAction[]
  /** The buyer's record now (the appeal keeps the signals as they were when filed). */
  readonly recordHref: string
}

/** Staff see every appeal; a buyer its own. Sellers and the integration never see buyers' appeals. */
const canSeeAppeal = (actor: Actor, a: AbuseAppeal): boolean => {
  switch (actor.kind) {
    case 'buyer':
      return actor.id === a.buyerId
    case 'agent':
    case 'admin':
    case 'system':
      return true
    case 'seller':
    case 'integration':
      return false
  }
}

/** Buyers' appeals against their abuse signals, as the buyer and staff read them. */
export class AbuseAppealQueries {
  view(loaded: Loaded<AbuseAppeal>, actor: Actor): AbuseAppealView {
    const a = loaded.state
    return {
      ...a,
      id: a.appealId,
      version: loaded.version,
      availableActions: availableAbuseAppealActions(a, actor),
      recordHref: `/v1/buyers/${encodeURIComponent(a.buyerId)}/record`,
    }
  }

  protected load(q: Queryable, actor: Actor, id: string): Promise<Loaded<AbuseAppeal> | null> {
    return loadVisible(q, abuseAppealAggregate, id, (a) => canSeeAppeal(actor, a))
  }

  async get(q: Queryable, actor: Actor, id: string): Promise<AbuseAppealView | null> {
    const loaded = await this.load(q, actor, id)
    return loaded ? this.view(loaded, actor) : null
  }

  /** Appeals the caller may see, newest first: staff filter by `status` (the queue) or `buyerId`. */
  list(q: Queryable, actor: Actor, query: ListQuery): Promise<Page<AbuseAppealView>> {
    return listAggregates<AbuseAppeal, AbuseAppealView>(
      q,
      abuseAppealAggregate.type,
      actor,
      query,
      async (loaded) => this.view(loaded, actor),
    )
  }
}
