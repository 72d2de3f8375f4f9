import { describe, expect, it } from 'vitest'
import { defaultPolicy } from '../../policy/presets.ts'
import { addDuration } from '../../policy/time.ts'
import {
  agent,
  buyer,
  daysAfter,
  integration,
  monday,
  scheduler,
  seller,
  strangerBuyer,
} from '../order/fixtures.ts'
import { fold } from '../shared/decider.ts'
import { availableReturnActions } from './actions.ts'
import {
  createReturn,
  inspect,
  returnHistory,
  returnRefundId,
  type ReturnStep,
} from './fixtures.ts'
import { returnDecider } from './index.ts'

const stateOf = (events: Parameters<typeof returnDecider.evolve>[1][]) =>
  fold(returnDecider.evolve, returnDecider.initialState, events)

const shipBy = addDuration(monday, defaultPolicy.returns.buyerShipBy, defaultPolicy.calendar)
const wednesday = daysAfter(monday, 2)
const inspectBy = addDuration(
  wednesday,
  defaultPolicy.returns.sellerInspectionTime,
  defaultPolicy.calendar,
)

describe('available return actions', () => {
  const issued = stateOf(returnHistory([[createReturn(), integration, monday]]))
  const atSeller = stateOf(
    returnHistory([
      [createReturn(), integration, monday],
      [{ type: 'MarkReturnDelivered' }, integration, wednesday],
    ]),
  )

  it('lets the buyer download the label and ship it by ship-by', () => {
    expect(availableReturnActions(issued, buyer)).toEqual([
      { action: 'download_label' },
      { action: 'ship', dueAt: shipBy },
    ])
    expect(availableReturnActions(issued, strangerBuyer)).toEqual([])
  })

  it('drops an action whose deadline has passed but not yet fired', () => {
    expect(availableReturnActions(issued, buyer, shipBy)).toEqual([{ action: 'download_label' }])
  })

  it('lets the seller confirm receipt, then inspect by the inspection deadline', () => {
    expect(availableReturnActions(issued, seller)).toEqual([{ action: 'mark_delivered' }])
    expect(availableReturnActions(atSeller, seller)).toEqual([
      { action: 'inspect', dueAt: inspectBy },
    ])
  })

  it('lets the integration report the carrier’s scans', () => {
    expect(availableReturnActions(issued, integration).map((a) => a.action)).toEqual([
      'ship',
      'mark_delivered',
    ])
    expect(availableReturnActions(atSeller, integration)).toEqual([])
  })

  it('offers the buyer a dispute after a deducted refund, and an agent the resolution', () => {
    const thursday = daysAfter(monday, 3)
    const refundedSteps = [
      [createReturn(), integration, monday],
      [{ type: 'MarkReturnDelivered' }, integration, wednesday],
      [inspect('used', 100), seller, thursday],
      [
        {
          type: 'MarkReturnRefunded',
          refundId: returnRefundId,
          refundKey: 'return:return-1:inspection',
        },
        integration,
        thursday,
      ],
    ] as const satisfies readonly ReturnStep[]
    const refunded = stateOf(returnHistory(refundedSteps))
    expect(availableReturnActions(refunded, buyer).map((a) => a.action)).toEqual([
      'dispute_inspection',
    ])
    const disputed = stateOf(
      returnHistory([
        ...refundedSteps,
        [{ type: 'DisputeInspection', statement: 'It was new' }, buyer, thursday],
      ]),
    )
    expect(availableReturnActions(disputed, agent)).toEqual([{ action: 'resolve_dispute' }])
    expect(availableReturnActions(disputed, scheduler)).toEqual([])
  })
})
