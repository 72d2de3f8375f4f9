import type { Policy } from '../../policy/types.ts'
import { isAtOrAfter, isBefore, type Instant } from '../../policy/time.ts'
import { cancellationEligibility } from '../cancellation/eligibility.ts'
import { caseOpenWindow } from '../case/rules.ts'
import type { Actor } from '../shared/actor.ts'
import type { CancellationId } from '../shared/ids.ts'
import { autoAcceptAt } from './deadline.ts'
import type { Order, OrderState } from './state.ts'

export type OrderActionName =
  'ship' | 'mark_delivered' | 'accept' | 'request_cancellation' | 'cancel' | 'open_case'

/** A button the caller may press now, and when the chance (or the duty) runs out. */
export interface OrderAction {
  readonly action: OrderActionName
  readonly dueAt?: Instant
}

/**
 * When the buyer may open a case, as far as the order can tell: the widest
 * window any reason has, which is "not received"'s (from delivery once
 * delivered, before that from the estimated delivery date; `caseOpenWindow`).
 * None once cancelled. The case decider has the final word per reason.
 */
export const caseOpeningWindow = (
  order: Order,
  policy: Policy,
): { readonly opensAt: Instant; readonly closesAt: Instant } | null =>
  order.status === 'cancelled' ? null : caseOpenWindow('not_received', order, policy)

const withDue = (action: OrderActionName, dueAt: Instant | null | undefined): OrderAction =>
  dueAt === null || dueAt === undefined ? { action } : { action, dueAt }

const buyerActions = (
  order: Order,
  policy: Policy,
  now: Instant,
  openCancellationId: CancellationId | undefined,
  startPolicy: Policy,
): OrderAction[] => {
  const actions: OrderAction[] = []
  if (order.status === 'delivered' && order.openCaseId === null) {
    actions.push(withDue('accept', autoAcceptAt(order, policy)))
  }
  const eligibility = cancellationEligibility(order, startPolicy, now, 'buyer', openCancellationId)
  if (eligibility.eligible) {
    const windowOpen = isBefore(now, eligibility.windowClosesAt)
    actions.push(withDue('request_cancellation', windowOpen ? eligibility.windowClosesAt : null))
  }
  const window = caseOpeningWindow(order, startPolicy)
  const saleFinal = order.acceptedAt !== null && startPolicy.cases.acceptanceEndsCaseWindow === true
  if (
    window !== null &&
    !saleFinal &&
    order.openCaseId === null &&
    isAtOrAfter(now, window.opensAt) &&
    isBefore(now, window.closesAt)
  ) {
    actions.push(withDue('open_case', window.closesAt))
  }
  return actions
}

const sellerActions = (
  order: Order,
  now: Instant,
  openCancellationId: CancellationId | undefined,
  startPolicy: Policy,
): OrderAction[] => {
  const actions: OrderAction[] = []
  if (order.status === 'awaiting_shipment') actions.push(withDue('ship', order.shipBy))
  if (cancellationEligibility(order, startPolicy, now, 'seller', openCancellationId).eligible) {
    actions.push({ action: 'cancel' })
  }
  return actions
}

/**
 * What `actor` may do on this order now, as the decider would allow it: the
 * domain, not the UI, says which buttons exist. Pass the order's open
 * cancellation, if any, so that cancelling is not offered twice. `policy` is
 * the order's frozen one (its own deadlines); `startPolicy` is the one a
 * cancellation or case started now would freeze — the policy in force — so
 * the windows offered here are the ones that opening will apply.
 */
export const availableOrderActions = (
  state: OrderState,
  actor: Actor,
  policy: Policy,
  now: Instant,
  openCancellationId?: CancellationId,
  startPolicy: Policy = policy,
): OrderAction[] => {
  if (state.status === 'none') return []
  switch (actor.kind) {
    case 'buyer':
      return actor.id === state.buyerId
        ? buyerActions(state, policy, now, openCancellationId, startPolicy)
        : []
    case 'seller':
      return actor.id === state.sellerId
        ? sellerActions(state, now, openCancellationId, startPolicy)
        : []
    case 'integration':
      if (state.status === 'awaiting_shipment') return [withDue('ship', state.shipBy)]
      if (state.status === 'shipped') return [{ action: 'mark_delivered' }]
      return []
    case 'agent':
    case 'admin':
    case 'system':
      return []
  }
}
