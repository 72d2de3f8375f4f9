import { and, desc, eq } from 'drizzle-orm'
import type { Case } from '../../domain/case/state.ts'
import type { OrderLedger } from '../../domain/ledger/state.ts'
import { activePaymentDisputeDeadline } from '../../domain/payment-dispute/deadline.ts'
import { chargebackPolicyOf } from '../../domain/payment-dispute/rules.ts'
import type { PaymentDispute } from '../../domain/payment-dispute/state.ts'
import type { RefundReference } from '../../domain/payment-dispute/vocabulary.ts'
import { isOpenDisputeStatus } from '../../domain/payment-dispute/vocabulary.ts'
import type { Actor } from '../../domain/shared/actor.ts'
import type { Deadline } from '../../domain/shared/decider.ts'
import { asId, type PolicyVersionId } from '../../domain/shared/ids.ts'
import type { Fault } from '../../policy/vocabulary.ts'
import type { Queryable } from '../../store/database.ts'
import type { Loaded } from '../../store/event-store.ts'
import { loadAggregate } from '../../store/event-store.ts'
import { aggregates } from '../../store/schema.ts'
import { caseAggregate, paymentDisputeAggregate } from '../aggregates.ts'
import { canSee, loadVisible } from '../execute.ts'
import type { PolicyBook } from '../policies/commands.ts'

/** A payment dispute as staff, the integration and the order's seller read it. */
export type PaymentDisputeView = PaymentDispute & {
  readonly id: string
  readonly version: number
  readonly open: boolean
  readonly alreadyRefundedFlag: boolean
  /** The evidence reminder, while the dispute needs a response. */
  readonly deadline: Deadline | null
}

/** The refunds an order's ledger has made (failed ones were never paid): what "already refunded" lists. */
export const refundReferencesOf = (ledger: OrderLedger): RefundReference[] =>
  Object.values(ledger.refunds)
    .filter((r) => r.status !== 'failed')
    .map((r) => ({
      refundId: r.refundId,
      refundKey: r.refundKey,
      amount: r.amount,
      status: r.status,
      destination: r.destination,
      providerReference: r.providerReference,
      requestedAt: r.requestedAt,
    }))

/** The cases opened on an order, newest first. */
export const casesOfOrder = async (q: Queryable, orderId: string): Promise<Case[]> => {
  const rows = await q
    .select({ id: aggregates.id })
    .from(aggregates)
    .where(and(eq(aggregates.type, 'case'), eq(aggregates.orderId, orderId)))
    .orderBy(desc(aggregates.id))
  const cases: Case[] = []
  for (const { id } of rows) {
    const loaded = await loadAggregate(q, caseAggregate, id)
    if (loaded.state.status !== 'none') cases.push(loaded.state)
  }
  return cases
}

/** The fault an agent recorded on the order's cases (the final decision first), if any. */
export const caseFaultOf = (cases: readonly Case[]): Fault | null => {
  for (const c of cases) {
    const d = c.finalDecision ?? c.decision
    if (d !== null) return d.fault
  }
  return null
}

/** Who may read a dispute: staff, the integration, and the order's seller (its payout is at stake). The buyer's bank speaks for the buyer. */
const mayRead = (actor: Actor, d: PaymentDispute): boolean =>
  actor.kind !== 'buyer' && canSee(actor, d)

export class PaymentDisputeQueries {
  constructor(protected readonly policies: PolicyBook) {}

  protected load(q: Queryable, actor: Actor, id: string): Promise<Loaded<PaymentDispute> | null> {
    return loadVisible(q, paymentDisputeAggregate, id, (d) => mayRead(actor, d))
  }

  async view(q: Queryable, loaded: Loaded<PaymentDispute>): Promise<PaymentDisputeView> {
    const d = loaded.state
    const policy = await this.policies.get(q, asId<PolicyVersionId>(d.policyVersionId))
    return {
      ...d,
      id: d.disputeId,
      version: loaded.version,
      open: isOpenDisputeStatus(d.status),
      alreadyRefundedFlag: d.alreadyRefunded.length > 0,
      deadline: activePaymentDisputeDeadline(
        d,
        chargebackPolicyOf(policy).disputeEvidenceReminderBefore,
        policy.calendar,
      ),
    }
  }

  async get(q: Queryable, actor: Actor, id: string): Promise<PaymentDisputeView | null> {
    const loaded = await this.load(q, actor, id)
    return loaded ? this.view(q, loaded) : null
  }

  /** The disputes of an order, newest first (an order can be disputed more than once: partial chargebacks). */
  async listForOrder(q: Queryable, actor: Actor, orderId: string): Promise<PaymentDisputeView[]> {
    const rows = await q
      .select({ id: aggregates.id })
      .from(aggregates)
      .where(and(eq(aggregates.type, 'payment_dispute'), eq(aggregates.orderId, orderId)))
      .orderBy(desc(aggregates.createdAt))
    const views: PaymentDisputeView[] = []
    for (const { id } of rows) {
      const loaded = await this.load(q, actor, id)
      if (loaded) views.push(await this.view(q, loaded))
    }
    return views
  }
}
