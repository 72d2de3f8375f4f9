// Evidence and messages added to the record while the case is open.
import type { AddEvidence, PostMessage } from '../commands.ts'
import type { Case } from '../state.ts'
import { evidenceRejection, isRejection, person, textRequired, wrongStatus } from './checks.ts'
import { type CaseContext, type CaseDecision, refuse } from './context.ts'

export const addEvidence = (cmd: AddEvidence, c: Case, ctx: CaseContext): CaseDecision => {
  const who = person(c, ctx, cmd.type, ['buyer', 'seller', 'agent'])
  if (isRejection(who)) return refuse(who)
  if (c.status === 'closed') return wrongStatus(c, cmd.type)
  const problem = evidenceRejection(c, [cmd.evidence])
  if (problem) return refuse(problem)
  return [{ type: 'EvidenceAdded', data: { by: who, at: ctx.meta.now, evidence: cmd.evidence } }]
}

export const postMessage = (cmd: PostMessage, c: Case, ctx: CaseContext): CaseDecision => {
  const who = person(c, ctx, cmd.type, ['buyer', 'seller', 'agent'])
  if (isRejection(who)) return refuse(who)
  if (c.status === 'closed') return wrongStatus(c, cmd.type)
  const missing = textRequired(cmd.body, 'body')
  if (missing) return refuse(missing)
  return [
    {
      type: 'CaseMessagePosted',
      data: { messageId: cmd.messageId, by: who, at: ctx.meta.now, body: cmd.body },
    },
  ]
}
