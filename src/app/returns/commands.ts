import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { CaseEventOf } from '../domain/case/events.ts'
import type { Case } from '../domain/case/state.ts'
import type { Order } from '../domain/order/state.ts'
import type { ReturnAction } from '../domain/return/actions.ts'
import { availableReturnActions } from '../domain/return/actions.ts'
import type { CreateReturn, ReturnCommand } from '../domain/return/commands.ts'
import type { ReturnDeadlineKind } from '../domain/return/deadline.ts'
import { activeReturnDeadline } from '../domain/return/deadline.ts'
import { decideReturn } from '../domain/return/decide.ts'
import { maximumDeduction, returnShippingPayer } from '../domain/return/rules.ts'
import type { Return, ReturnState } from '../domain/return/state.ts'
import type { Actor } from '../domain/shared/actor.ts'
import type { Deadline } from '../domain/shared/decider.ts'
import type { EvidenceId, OrderLineId, ReturnId } from '../domain/shared/ids.ts'
import type { Minor } from '../domain/shared/money.ts'
import type { Instant } from '../policy/time.ts'
import type { Queryable } from '../store/database.ts'
import type { Loaded, UnitOfWork } from '../store/event-store.ts'
import { fromDbTime, loadAggregate } from '../store/event-store.ts'
import { replacementShipments, returnLabels, swapLabels } from '../store/schema-money.ts'
import { attachFiles } from '../integrations/files.ts'
import { storedParty, type AddressBook, type LabelProvider } from '../integrations/labels.ts'
import { renderLabelPdf } from '../integrations/labels-pdf.ts'
import { caseAggregate, orderAggregate, returnAggregate } from './aggregates.ts'
import type { CaseService, CaseView } from './cases.ts'
import type { Outcome } from './command-runner.ts'
import { done, refused } from './command-runner.ts'
import { canSee, decideAndAppend } from './execute.ts'
import { newId } from './ids.ts'
import type { LedgerService } from './ledger.ts'
import { listAggregates, type ListQuery, type Page } from './lists.ts'

/** Crockford's base 32: no I, L, O or U, so an RMA read over the phone is not misheard. */
const RMA_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** `RMA-XXXX-XXXX`: 40 random bits, eight base-32 characters. */
export const newRma = (random: (size: number) => Buffer = randomBytes): string => {
  const bytes = random(5)
  let bits = 0n
  for (const b of bytes) bits = (bits << 8n) | BigInt(b)
  let chars = ''
  for (let i = 0; i < 8; i++) {
    chars = (RMA_ALPHABET[Number(bits & 31n)] ?? '0') + chars
    bits >>= 5n
  }
  return `RMA-${chars.slice(0, 4)}-${chars.slice(4)}`
}

/**
 * An RMA no parcel has yet: return and swap labels share one number space
 * (one number, one parcel). 40 random bits make a clash rare, not
 * impossible: draw again rather than fail the command.
 */
export const freshRma = async (
  q: Queryable,
  random: (size: number) => Buffer = randomBytes,
): Promise<string> => {
  for (;;) {
    const rma = newRma(random)
    const [inReturns, inSwaps] = await Promise.all([
      q.select({ rma: returnLabels.rma }).from(returnLabels).where(eq(returnLabels.rma, rma)),
      q.select({ rma: swapLabels.rma }).from(swapLabels).where(eq(swapLabels.rma, rma)),
    ])
    if (inReturns.length === 0 && inSwaps.length === 0) return rma
  }
}

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

/**
 * Returns: created from a case's `ReturnRequired` with a label bought from
 * the label provider and its cost posted on the order's ledger; moved by the
 * buyer (ships), the carrier through the integration (delivered), the seller
 * (inspects) and agents (disputes). The refund a return makes due, and the
 * case's follow-up, are reactions (`money-reactions.ts`).
 */
export class ReturnService {
  constructor(
    private readonly cases: CaseService,
    private readonly ledger: LedgerService,
    private readonly labels: LabelProvider,
    private readonly addresses: AddressBook,
    private readonly random: (size: number) => Buffer = randomBytes,
  ) {}

  private async labelRow(q: Queryable, returnId: string): Promise<LabelRow | null> {
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

  /**
   * Starts the return a case requires: RMA, label, the return itself and the
   * label's cost on the ledger, all in the case command's transaction. A
   * return key already started is not started again.
   */
  async create(
    uow: UnitOfWork,
    required: CaseEventOf<'ReturnRequired'>['data'],
  ): Promise<Outcome<ReturnView | null>> {
    if ((await this.findByKey(uow.tx, required.returnKey)) !== null) return done(null)
    const c = await loadAggregate(uow.tx, caseAggregate, required.caseId)
    if (c.state.status === 'none') return refused({ code: 'NOT_FOUND', resource: 'case' })
    const theCase = c.state
    const policy = theCase.policy
    const returnId = newId<ReturnId>()
    const rma = await freshRma(uow.tx, this.random)
    const parties = await this.addresses.returnParties(uow.tx, theCase)
    const purchased = await this.labels.purchase({
      idempotencyKey: required.returnKey,
      returnId,
      rma,
      currency: required.currency,
      from: parties.from,
      to: parties.to,
      items: required.lines.reduce((s, l) => s + l.quantity, 0),
    })
    if (!purchased.ok) return refused(purchased.rejection)
    const { label } = purchased
    // Only a payer the case chose against the policy's rule is recorded as decided.
    const byRule = returnShippingPayer(theCase.reason, policy)
    const command: CreateReturn = {
      type: 'CreateReturn',
      returnId,
      caseId: theCase.caseId,
      orderId: theCase.orderId,
      buyerId: theCase.buyerId,
      sellerId: theCase.sellerId,
      rma,
      lines: required.lines,
      currency: required.currency,
      refundOnCompletion: required.refundOnCompletion,
      destination: required.destination,
      funding: required.funding,
      label: { carrier: label.carrier, trackingNumber: label.trackingNumber, cost: label.cost },
      reason: theCase.reason,
      ...(required.returnShippingPaidBy === byRule.paidBy
        ? {}
        : { shippingPaidBy: required.returnShippingPaidBy }),
    }
    const decision = decideReturn(
      command,
      { status: 'none' },
      {
        meta: { now: uow.now, actor: uow.actor },
        policy,
      },
    )
    const result = await decideAndAppend(
      uow,
      returnAggregate,
      returnId,
      { state: { status: 'none' }, version: 0 },
      decision,
      null,
    )
    if (!result.ok) return result
    const r = result.value.state
    if (r.status === 'none') throw new Error(`return ${returnId} not created`)
    await uow.tx.insert(returnLabels).values({
      returnId,
      caseId: theCase.caseId,
      orderId: theCase.orderId,
      returnKey: required.returnKey,
      rma: r.rma,
      labelId: label.labelId,
      provider: label.provider,
      carrier: label.carrier,
      trackingNumber: label.trackingNumber,
      cost: label.cost,
      currency: required.currency,
      shipFrom: parties.from,
      shipTo: parties.to,
      createdAt: uow.now,
    })
    if (label.cost > 0) {
      const paid = await this.ledger.execute(
        uow,
        theCase.orderId,
        r.shippingPaidBy === 'buyer'
          ? {
              type: 'PayReturnShipping',
              labelId: label.labelId,
              amount: label.cost,
              paidBy: 'buyer',
              refundFunding: r.funding,
            }
          : {
              type: 'PayReturnShipping',
              labelId: label.labelId,
              amount: label.cost,
              paidBy: r.shippingPaidBy,
            },
        { policy },
      )
      if (!paid.ok) return paid
    }
    return done(
      await this.view(uow.tx, { state: r, version: result.value.version }, uow.actor, uow.now),
    )
  }

  private async load(q: Queryable, actor: Actor, id: string): Promise<Loaded<Return> | null> {
    const loaded = await loadAggregate(q, returnAggregate, id)
    if (loaded.state.status === 'none' || !canSee(actor, loaded.state)) return null
    return loaded as Loaded<Return>
  }

  private async caseOf(q: Queryable, r: Return): Promise<Case> {
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
   * Runs a command on a return the caller is party to. Files given as
   * evidence must be the caller's own uploads; they are attached to the
   * return's case so its parties and agents can see them.
   */
  async execute(
    uow: UnitOfWork,
    id: string,
    command: (evidence: readonly EvidenceId[]) => ReturnCommand,
    options: { readonly evidence?: readonly string[]; readonly expectedVersion?: number } = {},
  ): Promise<Outcome<ReturnView>> {
    const loaded = await this.load(uow.tx, uow.actor, id)
    if (!loaded) return refused({ code: 'NOT_FOUND', resource: 'return' })
    const r = loaded.state
    const evidence: EvidenceId[] = []
    for (const fileId of options.evidence ?? []) {
      const [file] = await attachFiles(uow.tx, [fileId], uow.actor.id, r.caseId)
      if (!file) return refused({ code: 'FILE_NOT_FOUND', fileId })
      evidence.push(file.fileId as EvidenceId)
    }
    const theCase = await this.caseOf(uow.tx, r)
    const decision = decideReturn(command(evidence), r, {
      meta: { now: uow.now, actor: uow.actor },
      policy: theCase.policy,
    })
    const result = await decideAndAppend(
      uow,
      returnAggregate,
      id,
      loaded as Loaded<ReturnState>,
      decision,
      null,
      options.expectedVersion,
    )
    if (!result.ok) return result
    // Reactions may have moved the return on (a refund lands at once after the inspection).
    const fresh = await loadAggregate(uow.tx, returnAggregate, id)
    return done(await this.view(uow.tx, fresh as Loaded<Return>, uow.actor, uow.now))
  }

  expire(uow: UnitOfWork, id: string, kind: string, dueAt: Instant): Promise<Outcome<ReturnView>> {
    return this.execute(uow, id, () => ({
      type: 'ExpireDeadline',
      kind: kind as ReturnDeadlineKind,
      dueAt,
    }))
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

  // ── Replacements ─────────────────────────────────────────────────────────

  private async replacementRow(q: Queryable, caseId: string) {
    const rows = await q
      .select()
      .from(replacementShipments)
      .where(eq(replacementShipments.caseId, caseId))
    return rows[0] ?? null
  }

  private async replacementView(q: Queryable, c: Case): Promise<ReplacementView | null> {
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

  /**
   * The seller reports the replacement's tracking. Reporting the same
   * tracking again changes nothing; another one is refused (the parcel is
   * already on its way).
   */
  async shipReplacement(
    uow: UnitOfWork,
    caseId: string,
    shipment: { readonly carrier: string; readonly trackingNumber: string },
  ): Promise<Outcome<ReplacementView>> {
    const c = await loadAggregate(uow.tx, caseAggregate, caseId)
    if (c.state.status === 'none' || !canSee(uow.actor, c.state))
      return refused({ code: 'NOT_FOUND', resource: 'case' })
    const theCase = c.state
    const f = theCase.followUp
    if (f === null || f.kind !== 'replacement' || f.status !== 'running')
      return refused({ code: 'NO_FOLLOW_UP_RUNNING', kind: 'replacement' })
    const existing = await this.replacementRow(uow.tx, caseId)
    if (existing) {
      if (existing.trackingNumber !== shipment.trackingNumber)
        return refused({
          code: 'REPLACEMENT_ALREADY_SHIPPED',
          carrier: existing.carrier,
          trackingNumber: existing.trackingNumber,
        })
    } else {
      await uow.tx.insert(replacementShipments).values({
        caseId,
        orderId: theCase.orderId,
        replacementKey: f.key,
        carrier: shipment.carrier.trim(),
        trackingNumber: shipment.trackingNumber.trim(),
        shippedAt: uow.now,
      })
    }
    const view = await this.replacementView(uow.tx, theCase)
    if (!view) throw new Error(`case ${caseId} lost its replacement`)
    return done(view)
  }

  /** The carrier (through the integration) delivered the replacement: the case's follow-up is done. */
  async deliverReplacement(uow: UnitOfWork, caseId: string): Promise<Outcome<ReplacementView>> {
    const c = await loadAggregate(uow.tx, caseAggregate, caseId)
    if (c.state.status === 'none' || !canSee(uow.actor, c.state))
      return refused({ code: 'NOT_FOUND', resource: 'case' })
    const row = await this.replacementRow(uow.tx, caseId)
    if (!row) return refused({ code: 'REPLACEMENT_NOT_SHIPPED' })
    if (!row.deliveredAt) {
      const noted: Outcome<CaseView> = await this.cases.execute(uow, caseId, {
        type: 'NoteReplacementDelivered',
      })
      if (!noted.ok) return noted
      await uow.tx
        .update(replacementShipments)
        .set({ deliveredAt: uow.now })
        .where(eq(replacementShipments.caseId, caseId))
    }
    const fresh = await loadAggregate(uow.tx, caseAggregate, caseId)
    const view =
      fresh.state.status === 'none' ? null : await this.replacementView(uow.tx, fresh.state)
    if (!view) throw new Error(`case ${caseId} lost its replacement`)
    return done(view)
  }
}
