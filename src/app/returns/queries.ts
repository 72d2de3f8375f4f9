import { eq } from 'drizzle-orm'
import type { Case } from '../../domain/case/state.ts'
import type { Order } from '../../domain/order/state.ts'
import type { ReturnAction } from '../../domain/return/actions.ts'
import { availableReturnActions } from '../../domain/return/actions.ts'
import { activeReturnDeadline } from '../../domain/return/deadline.ts'
import { maximumDeduction } from '../../domain/return/rules.ts'
import type { Return } from '../../domain/return/state.ts'
import type { Actor } from '../../domain/shared/actor.ts'
import type { Deadline } from '../../domain/shared/decider.ts'
import type { OrderLineId, ReturnId } from '../../domain/shared/ids.ts'
import type { Minor } from '../../domain/shared/money.ts'
import type { Instant } from '../../policy/time.ts'
import type { Queryable } from '../../store/database.ts'
import type { Loaded } from '../../store/event-store.ts'
import { fromDbTime, loadAggregate } from '../../store/event-store.ts'
import { replacementShipments, returnLabels } from '../../store/schema-money.ts'
import { storedParty } from '../../integrations/labels.ts'
import { renderLabelPdf } from '../../integrations/labels-pdf.ts'
import { caseAggregate, orderAggregate, returnAggregate } from '../aggregates.ts'
import { canSee, loadVisible } from '../execute.ts'
import { listAggregates, type ListQuery, type Page } from '../lists.ts'

export type ReturnView = Return & {
  readonly id: ReturnId
  readonly version: number
  readonly deadline: Deadline | null
  readonly availableActions: readonly ReturnAction[]
  /** Where the buyer (and staff) download the label. */
  readonly labelUrl: string
  readonly labelId: string | null
  readonly labelProvider: string | null
  /** The most the seller may keep back at inspection (`policy.returns.maxDeductionPercent`, never into the label charge). */
  readonly maximumDeduction: Minor
}

export interface ReplacementView {
  readonly caseId: string
  readonly replacementKey: string
  /** `awaiting_shipment` until the seller reports tracking; then `shipped`, `delivered`; or how the case ended it. */
  readonly status: 'awaiting_shipment' | 'shipped' | 'delivered' | 'failed' | 'cancelled'
  readonly deliverBy: Instant | null
  readonly carrier: string | null
  readonly trackingNumber: string | null
  readonly shippedAt: Instant | null
  readonly deliveredAt: Instant | null
}

interface LabelRow {
  readonly returnId: string
  readonly caseId: string
  readonly returnKey: string
  readonly labelId: string
  readonly provider: string
  readonly shipFrom: unknown
  readonly shipTo: unknown
}

/** Returns and replacements as the parties and staff read them, and the return label. */
export class ReturnQueries {
  protected async labelRow(q: Queryable, returnId: string): Promise<LabelRow | null> {
    const rows = await q
      .select({
        returnId: returnLabels.returnId,
        caseId: returnLabels.caseId,
        returnKey: returnLabels.returnKey,
        labelId: returnLabels.labelId,
        provider: returnLabels.provider,
        shipFrom: returnLabels.shipFrom,
        shipTo: returnLabels.shipTo,
      })
      .from(returnLabels)
      .where(eq(returnLabels.returnId, returnId))
    return rows[0] ?? null
  }

  /** The return a case's follow-up key started, if any. */
  async findByKey(q: Queryable, returnKey: string): Promise<string | null> {
    const rows = await q
      .select({ returnId: returnLabels.returnId })
      .from(returnLabels)
      .where(eq(returnLabels.returnKey, returnKey))
    return rows[0]?.returnId ?? null
  }

  /** The case key a return was started for (its case's `followUp.key`). */
  async returnKeyOf(q: Queryable, returnId: string): Promise<string | null> {
    return (await this.labelRow(q, returnId))?.returnKey ?? null
  }

  protected load(q: Queryable, actor: Actor, id: string): Promise<Loaded<Return> | null> {
    return loadVisible(q, returnAggregate, id, (r) => canSee(actor, r))
  }

  protected async caseOf(q: Queryable, r: Return): Promise<Case> {
    const c = await loadAggregate(q, caseAggregate, r.caseId)
    if (c.state.status === 'none') throw new Error(`return ${r.returnId} without its case`)
    return c.state
  }

  async view(
    q: Queryable,
    loaded: Loaded<Return>,
    actor: Actor,
    now: Instant,
  ): Promise<ReturnView> {
    const r = loaded.state
    const row = await this.labelRow(q, r.returnId)
    const { policy } = await this.caseOf(q, r)
    return {
      ...r,
      id: r.returnId,
      version: loaded.version,
      deadline: activeReturnDeadline(r),
      availableActions: availableReturnActions(r, actor, now),
      labelUrl: `/v1/returns/${r.returnId}/label.pdf`,
      labelId: row?.labelId ?? null,
      labelProvider: row?.provider ?? null,
      maximumDeduction: maximumDeduction(r.refundOnCompletion, r.labelCharge, policy),
    }
  }

  async get(q: Queryable, actor: Actor, id: string, now: Instant): Promise<ReturnView | null> {
    const loaded = await this.load(q, actor, id)
    return loaded ? this.view(q, loaded, actor, now) : null
  }

  /** The caller's returns, newest first: a buyer's, a seller's (filter `status=delivered_to_seller` to inspect), all for staff. */
  list(q: Queryable, actor: Actor, query: ListQuery, now: Instant): Promise<Page<ReturnView>> {
    return listAggregates<Return, ReturnView>(q, 'return', actor, query, (loaded) =>
      this.view(q, loaded, actor, now),
    )
  }

  /** A case's returns (one per return the case required), if the caller may see the case. */
  async forCase(
    q: Queryable,
    actor: Actor,
    caseId: string,
    now: Instant,
  ): Promise<ReturnView[] | null> {
    const c = await loadAggregate(q, caseAggregate, caseId)
    if (c.state.status === 'none' || !canSee(actor, c.state)) return null
    const rows = await q
      .select({ returnId: returnLabels.returnId })
      .from(returnLabels)
      .where(eq(returnLabels.caseId, caseId))
      .orderBy(returnLabels.createdAt)
    const views: ReturnView[] = []
    for (const row of rows) {
      const loaded = await this.load(q, actor, row.returnId)
      if (loaded) views.push(await this.view(q, loaded, actor, now))
    }
    return views
  }

  /**
   * The label as a 4 × 6 in PDF, drawn from the return: the buyer who prints
   * it, and staff. The seller sees the tracking on the return instead.
   */
  async labelPdf(q: Queryable, actor: Actor, id: string): Promise<Uint8Array | null> {
    const loaded = await this.load(q, actor, id)
    if (!loaded || actor.kind === 'seller') return null
    const r = loaded.state
    const row = await this.labelRow(q, id)
    const order = await loadAggregate(q, orderAggregate, r.orderId)
    if (!row || order.state.status === 'none') return null
    const o: Order = order.state
    const titleOf = (lineId: OrderLineId): string =>
      o.lines.find((l) => l.lineId === lineId)?.listing.title ?? lineId
    return renderLabelPdf({
      rma: r.rma,
      carrier: r.label.carrier,
      service: row.provider === 'marketplace' ? 'Prepaid return' : row.provider,
      trackingNumber: r.label.trackingNumber,
      from: storedParty(row.shipFrom, r.buyerId),
      to: storedParty(row.shipTo, r.sellerId),
      orderRef: o.externalRef,
      shipBy: r.shipBy,
      issuedAt: r.createdAt,
      items: r.lines.map((l) => ({ title: titleOf(l.lineId), quantity: l.quantity })),
      postagePaidBy: r.shippingPaidBy,
      labelCharge: r.labelCharge,
      currency: r.currency,
    })
  }

  protected async replacementRow(q: Queryable, caseId: string) {
    const rows = await q
      .select()
      .from(replacementShipments)
      .where(eq(replacementShipments.caseId, caseId))
    return rows[0] ?? null
  }

  protected async replacementView(q: Queryable, c: Case): Promise<ReplacementView | null> {
    const f = c.followUp
    if (f === null || f.kind !== 'replacement') return null
    const row = await this.replacementRow(q, c.caseId)
    const status: ReplacementView['status'] =
      f.status === 'failed'
        ? 'failed'
        : f.status === 'cancelled'
          ? 'cancelled'
          : row?.deliveredAt
            ? 'delivered'
            : row
              ? 'shipped'
              : 'awaiting_shipment'
    return {
      caseId: c.caseId,
      replacementKey: f.key,
      status,
      deliverBy: f.deliverBy,
      carrier: row?.carrier ?? null,
      trackingNumber: row?.trackingNumber ?? null,
      shippedAt: row ? fromDbTime(row.shippedAt) : null,
      deliveredAt: row?.deliveredAt ? fromDbTime(row.deliveredAt) : null,
    }
  }

  /** The replacement a case requires, if the caller may see the case and it requires one. */
  async replacement(q: Queryable, actor: Actor, caseId: string): Promise<ReplacementView | null> {
    const c = await loadAggregate(q, caseAggregate, caseId)
    if (c.state.status === 'none' || !canSee(actor, c.state)) return null
    return this.replacementView(q, c.state)
  }
}
