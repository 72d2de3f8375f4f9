// Agents take a case and ask a party for information before deciding.
import { addDuration } from '../../../policy/time.ts'
import type { AssignCase, ProvideInformation, RequestInformation } from '../commands.ts'
import type { Case } from '../state.ts'
import type { CaseStatus } from '../vocabulary.ts'
import {
  evidenceRejection,
  inStatus,
  isRejection,
  person,
  reviewerRejection,
  takeCase,
  textRequired,
  wrongStatus,
} from './checks.ts'
import { type CaseContext, type CaseDecision, refuse } from './context.ts'

const agentStatuses: readonly CaseStatus[] = ['escalated', 'awaiting_info', 'appealed']

export const assignCase = (cmd: AssignCase, c: Case, ctx: CaseContext): CaseDecision => {
  const who = person(c, ctx, cmd.type, ['agent'])
  if (isRejection(who)) return refuse(who)
  const problem = inStatus(c, cmd.type, agentStatuses) ?? reviewerRejection(c, cmd.agentId)
  if (problem) return refuse(problem)
  if (c.assignedAgentId === cmd.agentId) return []
  return [
    {
      type: 'CaseAssigned',
      data: { at: ctx.meta.now, by: who, agentId: cmd.agentId, previousAgentId: c.assignedAgentId },
    },
  ]
}

export const requestInformation = (
  cmd: RequestInformation,
  c: Case,
  ctx: CaseContext,
): CaseDecision => {
  const who = person(c, ctx, cmd.type, ['agent'])
  if (isRejection(who)) return refuse(who)
  const problem =
    inStatus(c, cmd.type, ['escalated', 'appealed']) ??
    reviewerRejection(c, who.userId) ??
    textRequired(cmd.question, 'question')
  if (problem) return refuse(problem)
  const taken = takeCase(c, ctx, who)
  if (isRejection(taken)) return refuse(taken)
  const now = ctx.meta.now
  return [
    ...taken,
    {
      type: 'InformationRequested',
      data: {
        at: now,
        by: who,
        from: cmd.from,
        question: cmd.question,
        dueAt: addDuration(now, c.policy.cases.informationRequestTime, c.policy.calendar),
      },
    },
  ]
}

export const provideInformation = (
  cmd: ProvideInformation,
  c: Case,
  ctx: CaseContext,
): CaseDecision => {
  const who = person(c, ctx, cmd.type, ['buyer', 'seller'])
  if (isRejection(who)) return refuse(who)
  if (c.status !== 'awaiting_info') return wrongStatus(c, cmd.type)
  if (c.infoRequest.from !== who.role)
    return refuse({ code: 'NOT_ASKED_FOR_INFORMATION', from: c.infoRequest.from })
  const evidence = cmd.evidence ?? []
  const problem = textRequired(cmd.text, 'text') ?? evidenceRejection(c, evidence)
  if (problem) return refuse(problem)
  return [
    { type: 'InformationProvided', data: { at: ctx.meta.now, by: who, text: cmd.text, evidence } },
  ]
}
