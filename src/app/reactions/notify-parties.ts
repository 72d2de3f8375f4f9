import type { Reactor } from '../../store/event-store.ts'
import type { NotificationService } from '../notifications/commands.ts'
import { notifies, noticesFor } from '../notifications/notices.ts'
import type { OrderRefCache } from '../webhooks/order-refs.ts'

/**
 * The people a fact needs hear of it (the table in `notifications/notices.ts`):
 * in-app notifications in their language, written in the command's
 * transaction, and emails queued in the outbox. It never refuses: a template
 * fault is logged, not a reason to undo the command.
 */
export const notifyParties = (deps: {
  readonly notifications: NotificationService
  readonly orderRefs: OrderRefCache
}): Reactor => {
  const link = (path: string): string => deps.notifications.link(path)
  return async (uow, appended) => {
    if (!appended.events.some((e) => notifies(e.type))) return null
    const order = await deps.orderRefs.of(uow.tx, appended)
    for (const e of appended.events) {
      const event = { ...e, streamId: appended.streamId, streamType: appended.streamType }
      for (const notice of await noticesFor(uow.tx, event, order, link)) {
        await deps.notifications.notify(uow, notice)
      }
    }
    return null
  }
}
