import { eq } from 'drizzle-orm'
import type { CaseCommand } from '../../domain/case/commands.ts'
import { decideCase } from '../../domain/case/decide.ts'
import type { Case, CaseState } from '../../domain/case/state.ts'
import type { CaseDeadlineKind, EvidenceRef } from '../../domain/case/vocabulary.ts'
import type { Order } from '../../domain/order/state.ts'
import type { CaseId, EvidenceId } from '../../domain/shared/ids.ts'
import { minor } from '../../domain/shared/money.ts'
import type { Instant } from '../../policy/time.ts'
import type { Loaded, UnitOfWork } from '../../store/event-store.ts'
import { caseQueue, users } from '../../store/schema.ts'
import { attachFiles } from '../../integrations/files.ts'
import { caseAggregate } from '../aggregates.ts'
import type { Outcome } from '../command-runner.ts'
import { done, refused } from '../command-runner.ts'
import { decideAndAppend } from '../execute.ts'
import { newId } from '../ids.ts'
import { CaseQueries, type CaseView } from './queries.ts'

/** Evidence as a client sends it: stored files by id, or structured facts. */
export type EvidenceInput =
  | { readonly kind: 'file'; readonly fileId: string; readonly note?: string | undefined }
  | {
      readonly kind: 'tracking'
      readonly tracking: { readonly carrier: string; readonly trackingNumber: string }
      readonly note?: string | undefined
    }
  | {
      readonly kind: 'measurements'
      readonly measurements: Readonly<Record<string, string>>
      readonly note?: string | undefined
    }
  | { readonly kind: 'note'; readonly note: string }

const QUEUE_STATUSES = new Set(['escalated', 'awaiting_info', 'appealed'])

const withNote = (note: string | undefined): { note?: string } =>
  note === undefined ? {} : { note }

/**
 * Cases: opened by a buyer, answered by the seller, decided by an agent.
 * Each command moves the order's payout hold and the agents' queue in the
 * same transaction.
 */
export class CaseService extends CaseQueries {
  /** Turns client evidence into the domain's references; files must be the caller's own uploads. */
  private async evidenceRefs(
    uow: UnitOfWork,
    caseId: string,
    inputs: readonly EvidenceInput[] | undefined,
  ): Promise<Outcome<EvidenceRef[]>> {
    const refs: EvidenceRef[] = []
    for (const input of inputs ?? []) {
      if (input.kind !== 'file') {
        refs.push({ ...input, evidenceId: newId<EvidenceId>() } as EvidenceRef)
        continue
      }
      const [file] = await attachFiles(uow.tx, [input.fileId], uow.actor.id, caseId)
      if (!file) return refused({ code: 'FILE_NOT_FOUND', fileId: input.fileId })
      refs.push({
        evidenceId: file.fileId as EvidenceId,
        kind: 'file',
        file: { sha256: file.sha256, mediaType: file.mediaType, size: file.size, name: file.name },
        ...withNote(input.note),
      })
    }
    return done(refs)
  }

  async open(
    uow: UnitOfWork,
    orderId: string,
    input: Omit<Extract<CaseCommand, { type: 'OpenCase' }>, 'type' | 'caseId' | 'evidence'> & {
      readonly evidence?: readonly EvidenceInput[] | undefined
    },
  ): Promise<Outcome<CaseView>> {
    const order = await this.orders.load(uow.tx, uow.actor, orderId)
    if (!order) return refused({ code: 'NOT_FOUND', resource: 'order' })
    const caseId = newId<CaseId>()
    const evidence = await this.evidenceRefs(uow, caseId, input.evidence)
    if (!evidence.ok) return evidence
    const { policy } = await this.policies.current(uow.tx)
    const { evidence: _ignored, ...rest } = input
    const command: CaseCommand = {
      ...rest,
      type: 'OpenCase',
      caseId,
      ...(evidence.value.length ? { evidence: evidence.value } : {}),
    }
    return this.apply(
      uow,
      caseId,
      { state: { status: 'none' }, version: 0 },
      order,
      policy,
      command,
    )
  }

  /**
   * A case command that carries evidence: the client's files and facts become
   * the domain's references (files attached in the same transaction).
   */
  async executeWithEvidence(
    uow: UnitOfWork,
    id: string,
    inputs: readonly EvidenceInput[] | undefined,
    command: (evidence: EvidenceRef[]) => Exclude<CaseCommand, { type: 'OpenCase' }>,
    expectedVersion?: number,
  ): Promise<Outcome<CaseView>> {
    if (!(await this.load(uow.tx, uow.actor, id)))
      return refused({ code: 'NOT_FOUND', resource: 'case' })
    const evidence = await this.evidenceRefs(uow, id, inputs)
    if (!evidence.ok) return evidence
    return this.execute(uow, id, command(evidence.value), expectedVersion)
  }

  async execute(
    uow: UnitOfWork,
    id: string,
    command: Exclude<CaseCommand, { type: 'OpenCase' }>,
    expectedVersion?: number,
  ): Promise<Outcome<CaseView>> {
    const loaded = await this.load(uow.tx, uow.actor, id)
    if (!loaded) return refused({ code: 'NOT_FOUND', resource: 'case' })
    const order = await this.orders.load(uow.tx, uow.actor, loaded.state.orderId)
    if (!order) return refused({ code: 'NOT_FOUND', resource: 'order' })
    return this.apply(uow, id, loaded, order, loaded.state.policy, command, expectedVersion)
  }

  /**
   * `POST /cases/:id/assign`. Without `agentId` (or with the caller's own id)
   * the calling agent takes the case, from nobody or from a colleague. With
   * another agent's id the caller hands the case to them; a person the
   * directory knows as a buyer, seller or admin is refused
   * (`ASSIGNEE_NOT_AN_AGENT`). Agents signed in with the marketplace's tokens
   * need not be in the directory, so an unknown id is taken as an agent's.
   */
  async assign(
    uow: UnitOfWork,
    id: string,
    agentId: string | undefined,
    expectedVersion?: number,
  ): Promise<Outcome<CaseView>> {
    const to = agentId ?? uow.actor.id
    if (to !== uow.actor.id) {
      const [known] = await uow.tx.select({ role: users.role }).from(users).where(eq(users.id, to))
      if (known && known.role !== 'agent')
        return refused({ code: 'ASSIGNEE_NOT_AN_AGENT', agentId: to, role: known.role })
    }
    return this.execute(
      uow,
      id,
      {
        type: 'AssignCase',
        agentId: to as Extract<CaseCommand, { type: 'AssignCase' }>['agentId'],
      },
      expectedVersion,
    )
  }

  expire(uow: UnitOfWork, id: string, kind: string, dueAt: Instant): Promise<Outcome<CaseView>> {
    return this.execute(uow, id, { type: 'ExpireDeadline', kind: kind as CaseDeadlineKind, dueAt })
  }

  /**
   * Decides, appends, and moves what the case's facts move in the same
   * transaction: the order's payout hold while a case is open, and the
   * agents' queue.
   */
  private async apply(
    uow: UnitOfWork,
    id: string,
    loaded: Loaded<CaseState>,
    order: Loaded<Order>,
    policy: Case['policy'],
    command: CaseCommand,
    expectedVersion?: number,
  ): Promise<Outcome<CaseView>> {
    const limit = await this.refundLimitOf(uow.tx, order.state)
    const openCaseId = order.state.openCaseId
    const decision = decideCase(command, loaded.state, {
      meta: { now: uow.now, actor: uow.actor },
      policy,
      order: order.state,
      // The case measures its outcomes before the chargeback's hold, so the hold refuses them by name.
      refundable: minor(limit.refundable + limit.chargebackHeld),
      chargebackHeld: limit.chargebackHeld,
      ...(openCaseId && openCaseId !== id ? { openCaseId } : {}),
    })
    const result = await decideAndAppend(
      uow,
      caseAggregate,
      id,
      loaded,
      decision,
      null,
      expectedVersion,
    )
    if (!result.ok) return result
    const c = result.value.state as Case
    for (const event of result.value.events) {
      if (event.type === 'CaseOpened' || event.type === 'CaseClosed') {
        const noted = await this.orders.execute(uow, c.orderId, {
          type: event.type === 'CaseOpened' ? 'NoteCaseOpened' : 'NoteCaseClosed',
          caseId: c.caseId,
        })
        if (!noted.ok) return noted
      }
    }
    await this.updateQueue(uow, c)
    return done(await this.view(uow.tx, result.value as Loaded<Case>, uow.actor, uow.now))
  }

  private async updateQueue(uow: UnitOfWork, c: Case): Promise<void> {
    if (!QUEUE_STATUSES.has(c.status) || c.decisionDueAt === null) {
      await uow.tx.delete(caseQueue).where(eq(caseQueue.caseId, c.caseId))
      return
    }
    const row = {
      status: c.status,
      priorityRank: c.priority === 'breached' ? 0 : 1,
      decisionDueAt: c.decisionDueAt,
      assignedAgentId: c.assignedAgentId,
      reason: c.reason,
      claimedAmount: c.claimedAmount,
      currency: c.currency,
      openedAt: c.openedAt,
    }
    await uow.tx
      .insert(caseQueue)
      .values({ caseId: c.caseId, ...row })
      .onConflictDoUpdate({ target: caseQueue.caseId, set: row })
  }
}
