import { sql } from 'drizzle-orm'
import type { AbuseAppealOutcome, AppealedSignal } from '../../domain/abuse-appeal/events.ts'
import { decideAbuseAppeal, type AbuseAppealContext } from '../../domain/abuse-appeal/decide.ts'
import type { AbuseAppeal, AbuseAppealState } from '../../domain/abuse-appeal/state.ts'
import { asId, type AbuseAppealId } from '../../domain/shared/ids.ts'
import type { Clearance } from '../../insights/appeal-standing.ts'
import { standingOf } from '../../insights/appeal-standing.ts'
import { buyerSignals } from '../../insights/buyers.ts'
import { reputationOf } from '../../insights/scorecard.ts'
import { windowOf } from '../../insights/vocabulary.ts'
import type { Queryable } from '../../store/database.ts'
import type { Loaded, UnitOfWork } from '../../store/event-store.ts'
import { abuseAppealStandings } from '../../store/schema.ts'
import { abuseAppealAggregate } from '../aggregates.ts'
import type { Outcome } from '../command-runner.ts'
import { done, refused } from '../command-runner.ts'
import { decideAndAppend } from '../execute.ts'
import { newId } from '../ids.ts'
import type { PolicyBook } from '../policies/commands.ts'
import { AbuseAppealQueries, type AbuseAppealView } from './queries.ts'

const snapshot = (s: {
  code: string
  value: number
  threshold: number
  text: string
}): AppealedSignal => ({ code: s.code, value: s.value, threshold: s.threshold, text: s.text })

/**
 * Appeals against abuse signals: a buyer files one against the signals its
 * record raises now (measured here, in the command's transaction, over the
 * policy's reputation window and the default thresholds); an agent or admin
 * clears or upholds it. Each command also keeps the buyer's row of
 * `abuse_appeal_standings`, which the record and the return-abuse view read.
 * The buyer hears of the decision through `reactions/notify-parties.ts`.
 */
export class AbuseAppealService extends AbuseAppealQueries {
  constructor(private readonly policies: PolicyBook) {
    super()
  }

  /** The buyer appeals the signals on its own record (another buyer's record answers 404). */
  async file(
    uow: UnitOfWork,
    buyerId: string,
    input: { statement: string },
  ): Promise<Outcome<AbuseAppealView>> {
    const { actor, now } = uow
    if (actor.kind === 'buyer' && actor.id !== buyerId)
      return refused({ code: 'NOT_FOUND', resource: 'buyer' })
    const { policy } = await this.policies.current(uow.tx)
    const window = windowOf(now, reputationOf(policy).windowDays)
    const { signals, standing } = await buyerSignals(uow.tx, buyerId, window)
    const openAppealId = standing?.status === 'open' ? asId<AbuseAppealId>(standing.appealId) : null
    const appealId = newId<AbuseAppealId>()
    const ctx: AbuseAppealContext = {
      meta: { now, actor },
      record: { signals: signals.map(snapshot), window, openAppealId },
    }
    const initial: Loaded<AbuseAppealState> = { state: { status: 'none' }, version: 0 }
    const decision = decideAbuseAppeal(
      { type: 'FileAbuseAppeal', appealId, statement: input.statement },
      initial.state,
      ctx,
    )
    const result = await decideAndAppend(
      uow,
      abuseAppealAggregate,
      appealId,
      initial,
      decision,
      null,
    )
    if (!result.ok) return result
    // One open appeal per buyer, also against a concurrent filing: the row is
    // taken only where no appeal is open; the loser waits for the winner's
    // commit on the primary key, then finds it open and is refused.
    const row = {
      appealId,
      status: 'open',
      filedAt: now,
      decidedAt: null,
      decidedByRole: null,
      decidedById: null,
      rationale: null,
    }
    const taken = await uow.tx
      .insert(abuseAppealStandings)
      .values({ buyerId, ...row, cleared: {} })
      .onConflictDoUpdate({
        target: abuseAppealStandings.buyerId,
        set: row,
        setWhere: sql`${abuseAppealStandings.status} <> 'open'`,
      })
      .returning({ appealId: abuseAppealStandings.appealId })
    if (taken.length === 0) {
      const open = await standingOf(uow.tx, buyerId)
      return refused({ code: 'APPEAL_ALREADY_OPEN', appealId: open?.appealId ?? null })
    }
    return done(this.view(result.value as Loaded<AbuseAppeal>, actor))
  }

  /** An agent or admin clears or upholds an open appeal. */
  async decide(
    uow: UnitOfWork,
    id: string,
    input: { outcome: AbuseAppealOutcome; rationale: string },
    expectedVersion?: number,
  ): Promise<Outcome<AbuseAppealView>> {
    const loaded = await this.load(uow.tx, uow.actor, id)
    if (!loaded) return refused({ code: 'NOT_FOUND', resource: 'abuse appeal' })
    const result = await decideAndAppend(
      uow,
      abuseAppealAggregate,
      id,
      loaded as Loaded<AbuseAppealState>,
      decideAbuseAppeal(
        { type: 'DecideAbuseAppeal', outcome: input.outcome, rationale: input.rationale },
        loaded.state,
        { meta: { now: uow.now, actor: uow.actor } },
      ),
      null,
      expectedVersion,
    )
    if (!result.ok) return result
    const a = result.value.state
    if (a.status === 'none' || a.decision === null) throw new Error(`appeal ${id} not decided`)
    await this.recordDecision(uow.tx, a)
    return done(this.view({ state: a, version: result.value.version }, uow.actor))
  }

  /**
   * A cleared appeal adds its signals, at the values it covered, to the
   * buyer's clearances; an upheld one removes any clearance of the codes it
   * covered (the agent looked at them again and they stand).
   */
  private async recordDecision(q: Queryable, a: AbuseAppeal): Promise<void> {
    const d = a.decision
    if (d === null) return
    const standing = await standingOf(q, a.buyerId)
    const cleared: Record<string, Clearance> = { ...standing?.cleared }
    for (const s of a.signals) {
      if (d.outcome === 'cleared')
        cleared[s.code] = {
          appealId: a.appealId,
          value: s.value,
          threshold: s.threshold,
          at: d.at,
          by: d.by,
          rationale: d.rationale,
        }
      else delete cleared[s.code]
    }
    const latest = {
      appealId: a.appealId,
      status: a.status,
      filedAt: a.filedAt,
      decidedAt: d.at,
      decidedByRole: d.by.role,
      decidedById: d.by.userId,
      rationale: d.rationale,
    }
    // The row always names the latest appeal; a decision on an older one
    // (there is none while one is open, but the row must not go back) only
    // changes the clearances.
    const isLatest = standing === null || standing.appealId === a.appealId
    await q
      .insert(abuseAppealStandings)
      .values({ buyerId: a.buyerId, ...latest, cleared })
      .onConflictDoUpdate({
        target: abuseAppealStandings.buyerId,
        set: isLatest ? { ...latest, cleared } : { cleared },
      })
  }
}
