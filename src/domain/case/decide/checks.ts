// Who may issue a command on a case and whether its input is acceptable, for every phase.
import type { Actor } from '../../shared/actor.ts'
import type { Refused } from '../../shared/decider.ts'
import type { CaseCommandType } from '../commands.ts'
import type { CaseRejection, RequiredText } from '../rejections.ts'
import { evidenceProblem } from '../rules.ts'
import type { Case } from '../state.ts'
import type { CaseParty, CaseStatus, EvidenceRef, PartyRole } from '../vocabulary.ts'
import { type CaseContext, type Events, refuse } from './context.ts'

/** Who the caller is on this case; `automation` is the scheduler or the marketplace's backend. */
type Role = PartyRole | 'agent' | 'automation'

const roleOf = (c: Case, actor: Actor): Role | null => {
  switch (actor.kind) {
    case 'buyer':
      return actor.id === c.buyerId ? 'buyer' : null
    case 'seller':
      return actor.id === c.sellerId ? 'seller' : null
    case 'agent':
      return 'agent'
    case 'system':
    case 'integration':
      return 'automation'
    case 'admin':
      return null
  }
}

/** The caller's role on the case, or why they may not issue `command`. */
export const caller = (
  c: Case,
  ctx: CaseContext,
  command: CaseCommandType,
  allowed: readonly Role[],
): Role | CaseRejection => {
  const role = roleOf(c, ctx.meta.actor)
  if (role === null) return { code: 'NOT_A_PARTY' }
  return allowed.includes(role)
    ? role
    : { code: 'ROLE_NOT_ALLOWED', role: ctx.meta.actor.kind, command }
}

/** The caller as a person on the case (buyer, seller or agent), or why not. */
export const person = (
  c: Case,
  ctx: CaseContext,
  command: CaseCommandType,
  allowed: readonly CaseParty['role'][],
): CaseParty | CaseRejection => {
  const role = caller(c, ctx, command, allowed)
  if (typeof role !== 'string') return role
  const { actor } = ctx.meta
  return actor.kind === 'buyer' || actor.kind === 'seller' || actor.kind === 'agent'
    ? { role: actor.kind, userId: actor.id }
    : { code: 'NOT_A_PARTY' }
}

/** A buyer or seller; agents act through their own commands. */
export const sideOf = (p: CaseParty): PartyRole => (p.role === 'buyer' ? 'buyer' : 'seller')

export const isRejection = (x: object | string): x is CaseRejection =>
  typeof x === 'object' && 'code' in x

export const inStatus = (
  c: Case,
  command: CaseCommandType,
  statuses: readonly CaseStatus[],
): CaseRejection | null =>
  statuses.includes(c.status) ? null : { code: 'NOT_ALLOWED_IN_STATUS', status: c.status, command }

export const wrongStatus = (c: Case, command: CaseCommandType): Refused<CaseRejection> =>
  refuse({ code: 'NOT_ALLOWED_IN_STATUS', status: c.status, command })

const blank = (text: string | undefined): boolean => text === undefined || text.trim() === ''

export const textRequired = (
  text: string | undefined,
  field: RequiredText,
): CaseRejection | null => (blank(text) ? { code: 'TEXT_REQUIRED', field } : null)

export const optionalText = (text: string | undefined): string | null =>
  text === undefined || blank(text) ? null : text

/** New evidence must be well-formed and not already on the case. */
export const evidenceRejection = (
  c: Case | null,
  evidence: readonly EvidenceRef[],
): CaseRejection | null => {
  const seen = new Set<string>(c === null ? [] : c.evidence.map((e) => e.evidenceId))
  for (const e of evidence) {
    if (seen.has(e.evidenceId)) return { code: 'EVIDENCE_ALREADY_ADDED', evidenceId: e.evidenceId }
    seen.add(e.evidenceId)
    const problem = evidenceProblem(e)
    if (problem !== null) return { code: 'INVALID_EVIDENCE', evidenceId: e.evidenceId, problem }
  }
  return null
}

/**
 * Before the marketplace decided (no decision, no appeal) and while nothing
 * is closed or running: the seller may still accept the claim and the buyer
 * withdraw it.
 */
export const undecided = (c: Case, command: CaseCommandType): CaseRejection | null =>
  inStatus(c, command, ['awaiting_seller', 'awaiting_buyer', 'escalated', 'awaiting_info']) ??
  (c.appeal === null && c.decision === null
    ? null
    : { code: 'NOT_ALLOWED_IN_STATUS', status: c.status, command })

/** On appeal, the agent who made the first decision may not review it (`APPEAL_NEEDS_DIFFERENT_AGENT`). */
export const reviewerRejection = (c: Case, agentId: string): CaseRejection | null =>
  c.appeal !== null && c.decision !== null && c.decision.agentId === agentId
    ? { code: 'APPEAL_NEEDS_DIFFERENT_AGENT', originalAgentId: c.decision.agentId }
    : null

/** The acting agent must hold the case; an unassigned case is taken on the way (a `CaseAssigned` first). */
export const takeCase = (c: Case, ctx: CaseContext, agent: CaseParty): Events | CaseRejection => {
  if (c.assignedAgentId === null) {
    return [
      {
        type: 'CaseAssigned',
        data: { at: ctx.meta.now, by: agent, agentId: agent.userId, previousAgentId: null },
      },
    ]
  }
  return c.assignedAgentId === agent.userId
    ? []
    : { code: 'NOT_ASSIGNED_AGENT', assignedAgentId: c.assignedAgentId }
}
