import { randomBytes } from 'node:crypto'
import { and, eq, inArray } from 'drizzle-orm'
import type { Case } from '../domain/case/state.ts'
import type { Actor } from '../domain/shared/actor.ts'
import { systemActor } from '../domain/shared/actor.ts'
import type { Deadline, Rejection } from '../domain/shared/decider.ts'
import type { SwapId } from '../domain/shared/ids.ts'
import type { SwapAction } from '../domain/swap/actions.ts'
import { availableSwapActions } from '../domain/swap/actions.ts'
import type { LinkSwap, SwapCommand, SwapLegLabel } from '../domain/swap/commands.ts'
import type { SwapDeadlineKind } from '../domain/swap/deadline.ts'
import { activeSwapDeadline } from '../domain/swap/deadline.ts'
import { decideSwap, linkSwapRefusal, type SwapContext } from '../domain/swap/decide.ts'
import type { SwapEvent, SwapLegName } from '../domain/swap/events.ts'
import { legParty } from '../domain/swap/rejections.ts'
import type { Swap, SwapLeg, SwapState } from '../domain/swap/state.ts'
import { legOf, swapCaseIds } from '../domain/swap/state.ts'
import type { Fault } from '../policy/vocabulary.ts'
import type { Instant } from '../policy/time.ts'
import type { Queryable } from '../store/database.ts'
import type { Appended, Loaded, Reactor, UnitOfWork } from '../store/event-store.ts'
import { loadAggregate } from '../store/event-store.ts'
import { users } from '../store/schema.ts'
import { swapLabels } from '../store/schema-money.ts'
import { storedParty, type LabelProvider, type PostalParty } from '../integrations/labels.ts'
import { renderLabelPdf } from '../integrations/labels-pdf.ts'
import { caseAggregate, orderAggregate, swapAggregate } from './aggregates.ts'
import type { CaseService } from './cases.ts'
import type { Outcome } from './command-runner.ts'
import { done, refused } from './command-runner.ts'
import { decideAndAppend } from './execute.ts'
import { newId } from './ids.ts'
import type { LedgerService } from './ledger.ts'
import { freshRma } from './returns.ts'

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

export interface LinkSwapInput {
  readonly otherCaseId: string
  readonly rationale: string
  readonly fault?: Fault
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

/**
 * Swapped orders: an agent links two buyers' cases; each buyer forwards the
 * other's item with a label bought here and paid by the marketplace (posted
 * on the sender's order ledger as return shipping); the carrier (through the
 * integration) reports each parcel shipped and delivered. The cases follow
 * through `swapReactor`.
 */
export class SwapService {
  constructor(
    private readonly cases: CaseService,
    private readonly ledger: LedgerService,
    private readonly labels: LabelProvider,
    private readonly random: (size: number) => Buffer = randomBytes,
  ) {}

  /**
   * The two buyers as printed on a forwarding label. Recourse holds no postal
   * addresses: the recipient's is the delivery address of their own order,
   * which the marketplace routes the parcel to by its RMA and order number.
   */
  private async parties(
    q: Queryable,
    from: Case,
    to: Case,
  ): Promise<{ from: PostalParty; to: PostalParty }> {
    const rows = await q
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(inArray(users.id, [from.buyerId, to.buyerId]))
    const nameOf = (id: string): string => rows.find((r) => r.id === id)?.name ?? id
    const toOrder = await loadAggregate(q, orderAggregate, to.orderId)
    const ref = toOrder.state.status === 'none' ? to.orderId : toOrder.state.externalRef
    return {
      from: {
        userId: from.buyerId,
        name: nameOf(from.buyerId),
        lines: ['Return address on file with the marketplace'],
      },
      to: {
        userId: to.buyerId,
        name: nameOf(to.buyerId),
        lines: [
          `Delivery address of order ${ref}`,
          'Routed by RMA (address on file with the marketplace)',
        ],
      },
    }
  }

  private async load(q: Queryable, actor: Actor, id: string): Promise<Loaded<Swap> | null> {
    const loaded = await loadAggregate(q, swapAggregate, id)
    if (loaded.state.status === 'none' || !canSeeSwap(actor, loaded.state)) return null
    return loaded as Loaded<Swap>
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

  /**
   * An agent links `caseId` with the other buyer's case: checks the pair,
   * buys one label per leg, records the swap, posts both labels on the
   * senders' ledgers and moves both cases, all in one transaction.
   */
  async link(uow: UnitOfWork, caseId: string, input: LinkSwapInput): Promise<Outcome<SwapView>> {
    const [first, second] = await Promise.all([
      loadAggregate(uow.tx, caseAggregate, caseId),
      loadAggregate(uow.tx, caseAggregate, input.otherCaseId),
    ])
    if (first.state.status === 'none') return refused({ code: 'NOT_FOUND', resource: 'case' })
    if (second.state.status === 'none')
      return refused({ code: 'NOT_FOUND', resource: 'case', caseId: input.otherCaseId })
    const cases = [first.state, second.state] as const
    const ctx: SwapContext = { meta: { now: uow.now, actor: uow.actor }, cases }
    // Refuse before buying anything.
    const early = linkSwapRefusal({ rationale: input.rationale }, ctx)
    if (early) return refused(early)
    const swapId = newId<SwapId>()
    const bought: Partial<
      Record<
        SwapLegName,
        SwapLegLabel & { provider: string; parties: { from: PostalParty; to: PostalParty } }
      >
    > = {}
    for (const [leg, from, to] of [
      ['a', cases[0], cases[1]],
      ['b', cases[1], cases[0]],
    ] as const) {
      const rma = await freshRma(uow.tx, this.random)
      const parties = await this.parties(uow.tx, from, to)
      const purchased = await this.labels.purchase({
        idempotencyKey: `swap:${swapId}:${leg}`,
        returnId: swapId,
        rma,
        currency: from.currency,
        from: parties.from,
        to: parties.to,
        items: to.lines.reduce((n, l) => n + l.quantity, 0),
      })
      if (!purchased.ok) return refused(purchased.rejection)
      const { label } = purchased
      bought[leg] = {
        rma,
        provider: label.provider,
        parties,
        label: {
          labelId: label.labelId,
          carrier: label.carrier,
          trackingNumber: label.trackingNumber,
          cost: label.cost,
        },
      }
    }
    const a = bought.a
    const b = bought.b
    if (a === undefined || b === undefined) throw new Error('swap labels not bought')
    const command: LinkSwap = {
      type: 'LinkSwap',
      swapId,
      rationale: input.rationale,
      ...(input.fault === undefined ? {} : { fault: input.fault }),
      labels: { a: { rma: a.rma, label: a.label }, b: { rma: b.rma, label: b.label } },
    }
    const initial: Loaded<SwapState> = { state: { status: 'none' }, version: 0 }
    const result = await decideAndAppend(
      uow,
      swapAggregate,
      swapId,
      initial,
      decideSwap(command, initial.state, ctx),
      null,
    )
    if (!result.ok) return result
    const s = result.value.state
    if (s.status === 'none') throw new Error(`swap ${swapId} not linked`)
    for (const leg of s.legs) {
      const buy = leg.leg === 'a' ? a : b
      await uow.tx.insert(swapLabels).values({
        swapId,
        leg: leg.leg,
        caseId: leg.caseId,
        orderId: leg.orderId,
        rma: leg.rma,
        labelId: leg.label.labelId,
        provider: buy.provider,
        carrier: leg.label.carrier,
        trackingNumber: leg.label.trackingNumber,
        cost: leg.label.cost,
        currency: leg.currency,
        shipFrom: buy.parties.from,
        shipTo: buy.parties.to,
        createdAt: uow.now,
      })
      if (leg.label.cost > 0) {
        const sender = leg.leg === 'a' ? cases[0] : cases[1]
        // The marketplace pays both labels: nobody's refund is touched and the sellers' money is not.
        const paid = await this.ledger.execute(
          uow,
          leg.orderId,
          {
            type: 'PayReturnShipping',
            labelId: leg.label.labelId,
            amount: leg.label.cost,
            paidBy: 'marketplace',
          },
          { policy: sender.policy },
        )
        if (!paid.ok) return paid
      }
    }
    for (const [self, other] of [
      [cases[0], cases[1]],
      [cases[1], cases[0]],
    ] as const) {
      const joined = await this.cases.execute(uow, self.caseId, {
        type: 'JoinSwap',
        swapId,
        otherCaseId: other.caseId,
        rationale: input.rationale,
        fault: s.fault,
      })
      if (!joined.ok) return joined
    }
    return done(this.view({ state: s, version: result.value.version }, uow.actor, uow.now))
  }

  /** Runs a command on a swap the caller may see (a foreign one answers 404). */
  async execute(
    uow: UnitOfWork,
    id: string,
    command: SwapCommand,
    expectedVersion?: number,
  ): Promise<Outcome<SwapView>> {
    const loaded = await this.load(uow.tx, uow.actor, id)
    if (!loaded) return refused({ code: 'NOT_FOUND', resource: 'swap' })
    const result = await decideAndAppend(
      uow,
      swapAggregate,
      id,
      loaded as Loaded<SwapState>,
      decideSwap(command, loaded.state, { meta: { now: uow.now, actor: uow.actor } }),
      null,
      expectedVersion,
    )
    if (!result.ok) return result
    const s = result.value.state
    if (s.status === 'none') throw new Error(`swap ${id} lost`)
    return done(this.view({ state: s, version: result.value.version }, uow.actor, uow.now))
  }

  expire(uow: UnitOfWork, id: string, kind: string, dueAt: Instant): Promise<Outcome<SwapView>> {
    return this.execute(uow, id, { type: 'ExpireDeadline', kind: kind as SwapDeadlineKind, dueAt })
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

/**
 * The cases follow their swap, in the same transaction: both close when the
 * second parcel is delivered (`NoteSwapCompleted`), both go back to the
 * agents when a parcel was not shipped in time (`NoteSwapFailed`).
 */
export const swapReactor =
  (cases: CaseService): Reactor =>
  async (uow: UnitOfWork, appended: Appended): Promise<Rejection | null> => {
    if (appended.streamType !== 'swap') return null
    const s = appended.state as Swap
    for (const event of appended.events as readonly SwapEvent[]) {
      if (event.type !== 'SwapCompleted' && event.type !== 'SwapFailed') continue
      const type = event.type === 'SwapCompleted' ? 'NoteSwapCompleted' : 'NoteSwapFailed'
      for (const caseId of swapCaseIds(s)) {
        const c = await loadAggregate(uow.tx, caseAggregate, caseId)
        // Only a case still waiting for this very swap hears of it.
        if (c.state.status === 'none') continue
        const f = c.state.followUp
        if (f === null || f.kind !== 'swap' || f.key !== s.swapId || f.status !== 'running')
          continue
        const noted = await cases.execute(uow.as(systemActor), caseId, { type })
        if (!noted.ok) return noted.rejection
      }
    }
    return null
  }
