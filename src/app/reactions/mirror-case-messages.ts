import type { CaseEventOf } from '../../domain/case/events.ts'
import type { Reactor } from '../../store/event-store.ts'
import type { ConversationService } from '../conversations/commands.ts'
import type { OrderRefCache } from '../webhooks/order-refs.ts'

/**
 * A message posted on a case joins its order's thread, in the same
 * transaction, so the parties read one conversation per order.
 */
export const mirrorCaseMessages = (deps: {
  readonly conversations: ConversationService
  readonly orderRefs: OrderRefCache
}): Reactor => {
  return async (uow, appended) => {
    if (!appended.events.some((e) => e.type === 'CaseMessagePosted')) return null
    const order = await deps.orderRefs.of(uow.tx, appended)
    if (!order) return null
    for (const e of appended.events) {
      if (e.type !== 'CaseMessagePosted') continue
      await deps.conversations.recordCaseMessage(
        uow,
        order.orderId,
        appended.streamId,
        e.data as CaseEventOf<'CaseMessagePosted'>['data'],
      )
    }
    return null
  }
}
