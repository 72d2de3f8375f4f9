import { randomBytes } from 'node:crypto'
import { inArray } from 'drizzle-orm'
import type { Case } from '../../domain/case/state.ts'
import type { SwapId } from '../../domain/shared/ids.ts'
import type { LinkSwap, SwapCommand, SwapLegLabel } from '../../domain/swap/commands.ts'
import type { SwapDeadlineKind } from '../../domain/swap/deadline.ts'
import { decideSwap, linkSwapRefusal, type SwapContext } from '../../domain/swap/decide.ts'
import type { SwapLegName } from '../../domain/swap/events.ts'
import type { SwapState } from '../../domain/swap/state.ts'
import type { Fault } from '../../policy/vocabulary.ts'
import type { Instant } from '../../policy/time.ts'
import type { Queryable } from '../../store/database.ts'
import type { Loaded, UnitOfWork } from '../../store/event-store.ts'
import { loadAggregate } from '../../store/event-store.ts'
import { users } from '../../store/schema.ts'
import { swapLabels } from '../../store/schema-money.ts'
import type { LabelProvider, PostalParty } from '../../integrations/labels.ts'
import { caseAggregate, orderAggregate, swapAggregate } from '../aggregates.ts'
import type { CaseService } from '../cases/commands.ts'
import type { Outcome } from '../command-runner.ts'
import { done, refused } from '../command-runner.ts'
import { decideAndAppend } from '../execute.ts'
import { newId } from '../ids.ts'
import type { LedgerService } from '../ledger/commands.ts'
import { buyLabel } from '../returns/labels.ts'
import { SwapQueries, type SwapView } from './queries.ts'

export interface LinkSwapInput {
  readonly otherCaseId: string
  readonly rationale: string
  readonly fault?: Fault
}

/**
 * Swapped orders: an agent links two buyers' cases; each buyer forwards the
 * other's item with a label bought here and paid by the marketplace (posted
 * on the sender's order ledger as return shipping); the carrier (through the
 * integration) reports each parcel shipped and delivered. The cases follow
 * through `reactions/note-swap-outcomes.ts`.
 */
export class SwapService extends SwapQueries {
  constructor(
    private readonly cases: CaseService,
    private readonly ledger: LedgerService,
    private readonly labels: LabelProvider,
    private readonly random: (size: number) => Buffer = randomBytes,
  ) {
    super()
  }

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
      const parties = await this.parties(uow.tx, from, to)
      const purchased = await buyLabel(uow.tx, this.labels, this.random, {
        idempotencyKey: `swap:${swapId}:${leg}`,
        returnId: swapId,
        currency: from.currency,
        parties,
        lines: to.lines,
      })
      if (!purchased.ok) return purchased
      const { rma, label } = purchased.value
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
}
