/** Builders for return tests, on the order fixtures' fixed clock (Monday 2026-11-23 14:00 UTC). */
import { defaultPolicy } from '../../policy/presets.ts'
import type { Instant } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import type { Actor } from '../shared/actor.ts'
import type { ExpireDeadline } from '../shared/decider.ts'
import { isRefused } from '../shared/decider.ts'
import { asId, type EvidenceId, type RefundId, type ReturnId } from '../shared/ids.ts'
import { minor } from '../shared/money.ts'
import {
  aLine,
  buyerId,
  caseId,
  integration,
  metaOf,
  monday,
  orderId,
  sellerId,
} from '../order/fixtures.ts'
import type { CreateReturn, InspectReturn, ReturnCommand } from './commands.ts'
import type { ReturnContext } from './decide.ts'
import type { ReturnDeadlineKind } from './deadline.ts'
import type { ReturnEvent } from './events.ts'
import { returnDecider } from './index.ts'
import type { ReturnState } from './state.ts'

export const returnId = asId<ReturnId>('return-1')
export const returnRefundId = asId<RefundId>('refund-r1')
export const photo = asId<EvidenceId>('evidence-photo-1')

export const returnContext = (
  actor: Actor,
  now: Instant = monday,
  policy: Policy = defaultPolicy,
): ReturnContext => ({ meta: metaOf(actor, now), policy })

/**
 * A covered return (`damaged`) of the default order's line: refunds 40.00 on
 * completion, seller-funded, to the original payment; a 7.50 UPS label.
 */
export const createReturn = (overrides: Partial<CreateReturn> = {}): CreateReturn => ({
  type: 'CreateReturn',
  returnId,
  caseId,
  orderId,
  buyerId,
  sellerId,
  rma: 'RMA-0001',
  lines: [{ lineId: aLine().lineId, quantity: 1 }],
  currency: 'USD',
  refundOnCompletion: minor(4000),
  destination: 'original_payment',
  funding: 'seller',
  label: { carrier: 'UPS', trackingNumber: '1ZRETURN0001', cost: minor(750) },
  reason: 'damaged',
  ...overrides,
})

export const inspect = (
  condition: InspectReturn['condition'],
  deduction = 0,
  extra: Partial<InspectReturn> = {},
): InspectReturn => ({
  type: 'InspectReturn',
  condition,
  ...(deduction === 0 ? {} : { deduction: minor(deduction) }),
  ...(deduction === 0 && condition !== 'different_item_returned'
    ? {}
    : { note: 'Stains on the sleeve', evidence: [photo] }),
  ...extra,
})

export const expireReturnDeadline = (
  kind: ReturnDeadlineKind,
  dueAt: Instant,
): ExpireDeadline<ReturnDeadlineKind> => ({ type: 'ExpireDeadline', kind, dueAt })

/** A step of history: a command with the actor and time it happens at. */
export type ReturnStep = readonly [ReturnCommand, Actor, Instant]

/** The facts these commands produce, one after the other. A refused step is a broken fixture and throws. */
export const returnHistory = (
  steps: readonly ReturnStep[],
  policy: Policy = defaultPolicy,
): ReturnEvent[] => {
  let state: ReturnState = returnDecider.initialState
  const events: ReturnEvent[] = []
  for (const [command, actor, now] of steps) {
    const decision = returnDecider.decide(command, state, returnContext(actor, now, policy))
    if (isRefused(decision))
      throw new Error(`returnHistory: ${command.type} refused ${JSON.stringify(decision.refused)}`)
    for (const e of decision) state = returnDecider.evolve(state, e)
    events.push(...decision)
  }
  return events
}

/** Created Monday by the app (the integration acting), under `policy`. */
export const created = (
  overrides: Partial<CreateReturn> = {},
  policy: Policy = defaultPolicy,
): ReturnEvent[] => returnHistory([[createReturn(overrides), integration, monday]], policy)
