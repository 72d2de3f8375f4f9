import { and, eq } from 'drizzle-orm'
import type { Actor } from '../../domain/shared/actor.ts'
import type { Deadline } from '../../domain/shared/decider.ts'
import type { SwapId } from '../../domain/shared/ids.ts'
import type { SwapAction } from '../../domain/swap/actions.ts'
import { availableSwapActions } from '../../domain/swap/actions.ts'
import { activeSwapDeadline } from '../../domain/swap/deadline.ts'
import type { SwapLegName } from '../../domain/swap/events.ts'
import { legParty } from '../../domain/swap/rejections.ts'
import type { Swap, SwapLeg } from '../../domain/swap/state.ts'
import { legOf } from '../../domain/swap/state.ts'
import type { Instant } from '../../policy/time.ts'
import type { Queryable } from '../../store/database.ts'
import type { Loaded } from '../../store/event-store.ts'
import { loadAggregate } from '../../store/event-store.ts'
import { swapLabels } from '../../store/schema-money.ts'
import { storedParty } from '../../integrations/labels.ts'
import { renderLabelPdf } from '../../integrations/labels-pdf.ts'
import { caseAggregate, orderAggregate, swapAggregate } from '../aggregates.ts'
import { loadVisible } from '../execute.ts'

export type SwapLegView = SwapLeg & {
  /** Where the sender (and staff) download this leg's label. */
  readonly labelUrl: string
}

export type SwapView = Omit<Swap, 'legs'> & {
  readonly id: SwapId
  readonly version: number
  readonly deadline: Deadline | null
  readonly availableActions: readonly SwapAction[]
  readonly legs: readonly [SwapLegView, SwapLegView]
}

interface LabelRow {
  readonly leg: string
  readonly provider: string
  readonly shipFrom: unknown
  readonly shipTo: unknown
}

/** Staff see every swap; a buyer only one they send or receive a parcel in. Sellers are not told whose home their item went to. */
const canSeeSwap = (actor: Actor, s: Swap): boolean => {
  switch (actor.kind) {
    case 'buyer':
      return s.legs.some((l) => legParty(l, actor.id) !== null)
    case 'seller':
      return false
    case 'agent':
    case 'admin':
    case 'integration':
    case 'system':
      return true
  }
}

/** Swaps as the buyers in them and staff read them, and each leg's forwarding label. */
export class SwapQueries {
  protected load(q: Queryable, actor: Actor, id: string): Promise<Loaded<Swap> | null> {
    return loadVisible(q, swapAggregate, id, (s) => canSeeSwap(actor, s))
  }

  view(loaded: Loaded<Swap>, actor: Actor, now: Instant): SwapView {
    const s = loaded.state
    const leg = (l: SwapLeg): SwapLegView => ({
      ...l,
      labelUrl: `/v1/swaps/${s.swapId}/legs/${l.leg}/label.pdf`,
    })
    return {
      ...s,
      id: s.swapId,
      version: loaded.version,
      deadline: activeSwapDeadline(s),
      availableActions: availableSwapActions(s, actor, now),
      legs: [leg(s.legs[0]), leg(s.legs[1])],
    }
  }

  async get(q: Queryable, actor: Actor, id: string, now: Instant): Promise<SwapView | null> {
    const loaded = await this.load(q, actor, id)
    return loaded ? this.view(loaded, actor, now) : null
  }

  /** The swap a case was linked into, if any and if the caller may see both. */
  async forCase(
    q: Queryable,
    actor: Actor,
    caseId: string,
    now: Instant,
  ): Promise<SwapView | null> {
    const rows = await q
      .select({ swapId: swapLabels.swapId })
      .from(swapLabels)
      .where(eq(swapLabels.caseId, caseId))
    const row = rows[0]
    return row ? this.get(q, actor, row.swapId, now) : null
  }

  /** A leg's forwarding label as a 4 × 6 in PDF: for the buyer who sends it, and staff. */
  async labelPdf(
    q: Queryable,
    actor: Actor,
    id: string,
    legName: SwapLegName,
  ): Promise<Uint8Array | null> {
    const loaded = await this.load(q, actor, id)
    if (!loaded) return null
    const leg = legOf(loaded.state, legName)
    if (actor.kind === 'buyer' && actor.id !== leg.fromBuyerId) return null
    if (actor.kind === 'integration' || actor.kind === 'system') return null
    const rows: LabelRow[] = await q
      .select({
        leg: swapLabels.leg,
        provider: swapLabels.provider,
        shipFrom: swapLabels.shipFrom,
        shipTo: swapLabels.shipTo,
      })
      .from(swapLabels)
      .where(and(eq(swapLabels.swapId, id), eq(swapLabels.leg, legName)))
    const row = rows[0]
    const toOrder = await loadAggregate(q, orderAggregate, leg.toOrderId)
    if (!row || toOrder.state.status === 'none') return null
    const o = toOrder.state
    const claimed = await loadAggregate(q, caseAggregate, leg.toCaseId)
    const lineIds = claimed.state.status === 'none' ? [] : claimed.state.lines.map((l) => l.lineId)
    const items = o.lines
      .filter((l) => lineIds.length === 0 || lineIds.includes(l.lineId))
      .map((l) => ({ title: l.listing.title, quantity: l.quantity }))
    return renderLabelPdf({
      rma: leg.rma,
      carrier: leg.label.carrier,
      service: row.provider === 'marketplace' ? 'Prepaid swap forwarding' : row.provider,
      trackingNumber: leg.label.trackingNumber,
      from: storedParty(row.shipFrom, leg.fromBuyerId),
      to: storedParty(row.shipTo, leg.toBuyerId),
      orderRef: o.externalRef,
      shipBy: leg.shipBy,
      issuedAt: loaded.state.linkedAt,
      items,
      postagePaidBy: 'marketplace',
      labelCharge: 0,
      currency: leg.currency,
    })
  }
}
