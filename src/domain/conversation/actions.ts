import { isBefore, type Instant } from '../../policy/time.ts'
import type { Actor } from '../shared/actor.ts'
import type { ConversationContext } from './decide.ts'
import { participantOf } from './decide.ts'
import { threadLocksAt } from './lock.ts'

export type ConversationActionName = 'post_message' | 'mark_read' | 'review_message'

/** A button the caller may press now in the thread, and until when. */
export interface ConversationAction {
  readonly action: ConversationActionName
  readonly dueAt?: Instant
}

/** What `actor` may do in the thread now, as the decider would allow it. */
export const availableConversationActions = (
  actor: Actor,
  ctx: Omit<ConversationContext, 'meta'> & { readonly now: Instant },
): ConversationAction[] => {
  const who = participantOf({ ...ctx, meta: { now: ctx.now, actor } })
  if ('code' in who) return []
  const actions: ConversationAction[] = []
  const locksAt = threadLocksAt(ctx.closedAt, ctx.policy)
  if (locksAt === null) actions.push({ action: 'post_message' })
  else if (isBefore(ctx.now, locksAt)) actions.push({ action: 'post_message', dueAt: locksAt })
  actions.push({ action: 'mark_read' })
  if (who.role === 'agent') actions.push({ action: 'review_message' })
  return actions
}
