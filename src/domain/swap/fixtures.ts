/** Builders for swap tests, on the case fixtures' fixed clock (Wednesday 2026-11-25 14:00 UTC delivery). */
import { defaultPolicy } from '../../policy/presets.ts'
import { addDuration, type Instant } from '../../policy/time.ts'
import type { Actor } from '../shared/actor.ts'
import type { ExpireDeadline } from '../shared/decider.ts'
import { asId, type CaseId, type OrderId, type SwapId, type UserId } from '../shared/ids.ts'
import { minor } from '../shared/money.ts'
import {
  aWorld,
  buyer,
  daysAfter,
  deliveredOrder,
  hoursAfter,
  openCase,
  seller,
  story,
  wednesday,
} from '../case/fixtures.ts'
import type { Case } from '../case/state.ts'
import type { CaseReason } from '../../policy/vocabulary.ts'
import type { LinkSwap } from './commands.ts'
import type { SwapContext } from './decide.ts'
import type { SwapDeadlineKind } from './deadline.ts'

export const swapId = asId<SwapId>('swap-1')
export const otherBuyerId = asId<UserId>('buyer-2')
export const otherBuyer: Actor = { kind: 'buyer', id: otherBuyerId }
export const otherSellerId = asId<UserId>('seller-2')
export const otherOrderId = asId<OrderId>('order-2')
export const otherCaseId = asId<CaseId>('case-2')

/** The cases open the day after delivery; the seller disputes, the buyer escalates an hour later. */
export const t0 = daysAfter(wednesday, 1)
export const linkedAt = hoursAfter(t0, 3)
export const shipBy = addDuration(
  linkedAt,
  defaultPolicy.returns.buyerShipBy,
  defaultPolicy.calendar,
)

interface CaseOptions {
  readonly reason?: CaseReason
  readonly escalate?: boolean
  readonly other?: boolean
  readonly sellerId?: UserId
  readonly buyerId?: UserId
  readonly orderId?: OrderId
}

/** A case escalated to the agents: the first buyer's (`case-1`), or with `other` the second buyer's (`case-2`). */
export const aCase = (options: CaseOptions = {}): Case => {
  const other = options.other ?? false
  const buyerId = options.buyerId ?? (other ? otherBuyerId : buyer.id)
  const sellerId = options.sellerId ?? asId<UserId>(seller.id)
  const order = deliveredOrder(wednesday, {
    ...(other || options.orderId ? { orderId: options.orderId ?? otherOrderId } : {}),
    buyerId: asId<UserId>(buyerId),
    sellerId,
  })
  const buyerActor: Actor = { kind: 'buyer', id: asId<UserId>(buyerId) }
  const sellerActor: Actor = { kind: 'seller', id: sellerId }
  let s = story(aWorld({ order })).act(
    buyerActor,
    t0,
    openCase({
      ...(other ? { caseId: otherCaseId } : {}),
      reason: options.reason ?? 'wrong_item',
      description: other
        ? 'I ordered a navy wool coat and received a red silk scarf.'
        : 'I ordered a red silk scarf and received a navy wool coat.',
    }),
  )
  if (options.escalate ?? true) {
    s = s
      .act(sellerActor, hoursAfter(t0, 1), {
        type: 'DisputeClaim',
        statement: 'I shipped the right item.',
      })
      .act(buyerActor, hoursAfter(t0, 2), { type: 'Escalate', statement: 'Not mine.' })
  }
  if (s.state.status === 'none') throw new Error('aCase: no case')
  return s.state
}

export const swapContext = (
  actor: Actor,
  now: Instant,
  cases?: readonly [Case, Case],
): SwapContext => (cases === undefined ? { meta: { actor, now } } : { meta: { actor, now }, cases })

export const linkSwap = (overrides: Partial<LinkSwap> = {}): LinkSwap => ({
  type: 'LinkSwap',
  swapId,
  rationale: 'Each buyer describes the other’s item: the seller swapped the labels.',
  labels: {
    a: {
      rma: 'RMA-AAAA-0001',
      label: {
        labelId: 'mkt-A',
        carrier: 'Marketplace Returns',
        trackingNumber: 'RC000000013US',
        cost: minor(795),
      },
    },
    b: {
      rma: 'RMA-BBBB-0002',
      label: {
        labelId: 'mkt-B',
        carrier: 'Marketplace Returns',
        trackingNumber: 'RC000000027US',
        cost: minor(795),
      },
    },
  },
  ...overrides,
})

export const expireSwapDeadline = (dueAt: Instant): ExpireDeadline<SwapDeadlineKind> => ({
  type: 'ExpireDeadline',
  kind: 'leg_ship_by',
  dueAt,
})
