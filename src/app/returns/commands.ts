import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { CaseEventOf } from '../../domain/case/events.ts'
import type { CreateReturn, ReturnCommand } from '../../domain/return/commands.ts'
import type { ReturnDeadlineKind } from '../../domain/return/deadline.ts'
import { decideReturn } from '../../domain/return/decide.ts'
import { returnShippingPayer } from '../../domain/return/rules.ts'
import type { Return, ReturnState } from '../../domain/return/state.ts'
import type { EvidenceId, ReturnId } from '../../domain/shared/ids.ts'
import type { Instant } from '../../policy/time.ts'
import type { Loaded, UnitOfWork } from '../../store/event-store.ts'
import { loadAggregate } from '../../store/event-store.ts'
import { replacementShipments, returnLabels } from '../../store/schema-money.ts'
import { attachFiles } from '../../integrations/files.ts'
import type { AddressBook, LabelProvider } from '../../integrations/labels.ts'
import { caseAggregate, returnAggregate } from '../aggregates.ts'
import type { CaseService } from '../cases/commands.ts'
import type { CaseView } from '../cases/queries.ts'
import type { Outcome } from '../command-runner.ts'
import { done, refused } from '../command-runner.ts'
import { canSee, decideAndAppend } from '../execute.ts'
import { newId } from '../ids.ts'
import type { LedgerService } from '../ledger/commands.ts'
import { buyLabel } from './labels.ts'
import { ReturnQueries, type ReplacementView, type ReturnView } from './queries.ts'

/**
 * Returns: created from a case's `ReturnRequired` with a label bought from
 * the label provider and its cost posted on the order's ledger; moved by the
 * buyer (ships), the carrier through the integration (delivered), the seller
 * (inspects) and agents (disputes). The refund a return makes due, and the
 * case's follow-up, are reactions (`src/app/reactions/`).
 */
export class ReturnService extends ReturnQueries {
  constructor(
    private readonly cases: CaseService,
    private readonly ledger: LedgerService,
    private readonly labels: LabelProvider,
    private readonly addresses: AddressBook,
    private readonly random: (size: number) => Buffer = randomBytes,
  ) {
    super()
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
    const parties = await this.addresses.returnParties(uow.tx, theCase)
    const bought = await buyLabel(uow.tx, this.labels, this.random, {
      idempotencyKey: required.returnKey,
      returnId,
      currency: required.currency,
      parties,
      lines: required.lines,
    })
    if (!bought.ok) return bought
    const { rma, label } = bought.value
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
