import { eq } from 'drizzle-orm'
import { isWorseThanCleared } from '../domain/abuse-appeal/rules.ts'
import type { Queryable } from '../store/database.ts'
import { fromDbTime } from '../store/event-store.ts'
import { abuseAppealStandings } from '../store/schema.ts'

/**
 * How appeals change what the abuse signals show (the rule is the issue's:
 * a cleared appeal suppresses the signals it covered until the buyer's
 * numbers get worse than they were). Pure functions over the buyer's row of
 * `abuse_appeal_standings`, shared by the buyer record, the return-abuse
 * view and the appeal command, which must agree on what is "raised now".
 */

/** A signal some appeal cleared: at what value, when, by whom and why. */
export interface Clearance {
  readonly appealId: string
  /** The value the agent cleared; the signal flags again above it. */
  readonly value: number
  readonly threshold: number
  readonly at: string
  readonly by: { readonly role: string; readonly userId: string }
  readonly rationale: string
}

export type AppealStatus = 'open' | 'cleared' | 'upheld'

/** The buyer's latest appeal and what appeals cleared so far. */
export interface AppealStanding {
  readonly appealId: string
  readonly status: AppealStatus
  readonly filedAt: string
  readonly decidedAt: string | null
  readonly decidedBy: { readonly role: string; readonly userId: string } | null
  readonly rationale: string | null
  /** By signal code. */
  readonly cleared: Readonly<Record<string, Clearance>>
}

/** The latest appeal as the record and the return-abuse view show it. */
export type AppealSummary = Omit<AppealStanding, 'cleared'> & { readonly href: string }

export interface StandingRow {
  readonly appealId: string
  readonly status: string
  readonly filedAt: string
  readonly decidedAt: string | null
  readonly decidedByRole: string | null
  readonly decidedById: string | null
  readonly rationale: string | null
  readonly cleared: unknown
}

const iso = (v: string | null): string | null => (v === null ? null : fromDbTime(v))

export const toStanding = (r: StandingRow): AppealStanding => ({
  appealId: r.appealId,
  status: r.status as AppealStatus,
  filedAt: fromDbTime(r.filedAt),
  decidedAt: iso(r.decidedAt),
  decidedBy:
    r.decidedByRole !== null && r.decidedById !== null
      ? { role: r.decidedByRole, userId: r.decidedById }
      : null,
  rationale: r.rationale,
  cleared: (r.cleared ?? {}) as Record<string, Clearance>,
})

export const standingOf = async (q: Queryable, buyerId: string): Promise<AppealStanding | null> => {
  const rows = await q
    .select()
    .from(abuseAppealStandings)
    .where(eq(abuseAppealStandings.buyerId, buyerId))
  return rows[0] ? toStanding(rows[0]) : null
}

export const appealSummary = (s: AppealStanding | null): AppealSummary | null =>
  s === null
    ? null
    : {
        appealId: s.appealId,
        status: s.status,
        filedAt: s.filedAt,
        decidedAt: s.decidedAt,
        decidedBy: s.decidedBy,
        rationale: s.rationale,
        href: `/v1/abuse-appeals/${s.appealId}`,
      }

interface SignalLike {
  readonly code: string
  readonly value: number
}

/** A signal whose numbers passed the value an earlier appeal cleared: it flags again, and says so. */
export interface Reflagged {
  readonly appealId: string
  readonly clearedValue: number
  readonly clearedAt: string
}

/**
 * Splits the signals the numbers raise into those that flag (with
 * `reflagged` when an earlier clearance was passed) and those an appeal
 * cleared whose value is still at or below the cleared one.
 */
export const applyClearances = <S extends SignalLike>(
  signals: readonly S[],
  standing: AppealStanding | null,
): {
  raised: (S & { reflagged?: Reflagged })[]
  cleared: (S & { clearedOnAppeal: Clearance })[]
} => {
  const raised: (S & { reflagged?: Reflagged })[] = []
  const cleared: (S & { clearedOnAppeal: Clearance })[] = []
  for (const s of signals) {
    const c = standing?.cleared[s.code]
    if (c === undefined) raised.push(s)
    else if (isWorseThanCleared(s.value, c.value))
      raised.push({
        ...s,
        reflagged: { appealId: c.appealId, clearedValue: c.value, clearedAt: c.at },
      })
    else cleared.push({ ...s, clearedOnAppeal: c })
  }
  return { raised, cleared }
}
