import { describe, expect, it } from 'vitest'
import {
  agent,
  admin,
  buyer,
  buyerId,
  caseId,
  integration,
  orderId,
  scheduler,
  seller,
  sellerId,
} from '../order/fixtures.ts'
import { asId, type UserId } from '../shared/ids.ts'
import { minor } from '../shared/money.ts'
import { specFor } from '../shared/spec.ts'
import { decideCase } from '../case/decide.ts'
import { evolveCase } from '../case/state.ts'
import { aWorld, caseContext, deliveredOrder, wednesday } from '../case/fixtures.ts'
import { fold, isRefused } from '../shared/decider.ts'
import {
  aCase,
  expireSwapDeadline,
  linkedAt,
  linkSwap,
  otherBuyer,
  otherBuyerId,
  otherCaseId,
  otherOrderId,
  otherSellerId,
  shipBy,
  swapContext,
  swapId,
} from './fixtures.ts'
import { activeSwapDeadline } from './deadline.ts'
import type { SwapEvent } from './events.ts'
import { swapDecider } from './index.ts'
import { explainSwapRejection, type SwapRejection } from './rejections.ts'
import { hoursAfter } from '../case/fixtures.ts'

const { given } = specFor(swapDecider)

const first = aCase()
const second = aCase({ other: true })
const both = [first, second] as const

const linked = (): SwapEvent[] => {
  const d = swapDecider.decide(
    linkSwap(),
    swapDecider.initialState,
    swapContext(agent, linkedAt, both),
  )
  if (isRefused(d)) throw new Error(JSON.stringify(d.refused))
  return [...d]
}
const later = (h: number) => hoursAfter(linkedAt, h)
const shipped = (leg: 'a' | 'b', at = later(2)): SwapEvent => ({
  type: 'SwapLegShipped',
  data: {
    swapId,
    leg,
    carrier: 'Marketplace Returns',
    trackingNumber: leg === 'a' ? 'RC000000013US' : 'RC000000027US',
    late: false,
    at,
  },
})
const delivered = (leg: 'a' | 'b', at = later(48)): SwapEvent => ({
  type: 'SwapLegDelivered',
  data: { swapId, leg, at },
})

describe('swap decider', () => {
  describe('linking two cases', () => {
    it('issues one forwarding leg per buyer, each to the other buyer, shipped by the case policy’s return ship-by', () => {
      given()
        .when(linkSwap(), swapContext(agent, linkedAt, both))
        .then({
          type: 'SwapLinked',
          data: {
            swapId,
            agentId: asId<UserId>(agent.id),
            rationale: 'Each buyer describes the other’s item: the seller swapped the labels.',
            fault: 'seller',
            legs: [
              {
                leg: 'a',
                caseId,
                orderId,
                fromBuyerId: buyerId,
                toBuyerId: otherBuyerId,
                toCaseId: otherCaseId,
                toOrderId: otherOrderId,
                rma: 'RMA-AAAA-0001',
                currency: 'USD',
                label: {
                  labelId: 'mkt-A',
                  carrier: 'Marketplace Returns',
                  trackingNumber: 'RC000000013US',
                  cost: minor(795),
                },
                shipBy,
              },
              {
                leg: 'b',
                caseId: otherCaseId,
                orderId: otherOrderId,
                fromBuyerId: otherBuyerId,
                toBuyerId: buyerId,
                toCaseId: caseId,
                toOrderId: orderId,
                rma: 'RMA-BBBB-0002',
                currency: 'USD',
                label: {
                  labelId: 'mkt-B',
                  carrier: 'Marketplace Returns',
                  trackingNumber: 'RC000000027US',
                  cost: minor(795),
                },
                shipBy,
              },
            ],
            at: linkedAt,
          },
        })
    })

    it('puts the mix-up on the carrier when two sellers shipped the orders, unless the agent says', () => {
      const twoSellers = [first, aCase({ other: true, sellerId: otherSellerId })] as const
      given()
        .when(linkSwap(), swapContext(agent, linkedAt, twoSellers))
        .thenMatch({ data: { fault: 'carrier' } })
      given()
        .when(linkSwap({ fault: 'seller' }), swapContext(agent, linkedAt, twoSellers))
        .thenMatch({ data: { fault: 'seller' } })
    })

    it('does nothing when the same link is repeated', () => {
      given(...linked())
        .when(linkSwap(), swapContext(agent, linkedAt, both))
        .thenNothing()
    })

    it('refuses another swap on the same stream', () => {
      given(...linked())
        .when(linkSwap({ swapId: asId('swap-2') }), swapContext(agent, linkedAt, both))
        .thenRejects('SWAP_EXISTS', { swapId })
    })

    it('lets only an agent link', () => {
      for (const actor of [buyer, seller, integration, admin, scheduler]) {
        given()
          .when(linkSwap(), swapContext(actor, linkedAt, both))
          .thenRejects('ACTOR_NOT_ALLOWED')
      }
    })

    it('refuses a case with itself, two cases on one order, and two cases of one buyer', () => {
      given()
        .when(linkSwap(), swapContext(agent, linkedAt, [first, first]))
        .thenRejects('SWAP_SAME_CASE')
      const sameOrder = aCase({ other: true, orderId })
      given()
        .when(linkSwap(), swapContext(agent, linkedAt, [first, sameOrder]))
        .thenRejects('SWAP_SAME_ORDER')
      const sameBuyer = aCase({ other: true, buyerId })
      given()
        .when(linkSwap(), swapContext(agent, linkedAt, [first, sameBuyer]))
        .thenRejects('SWAP_SAME_BUYER', { buyerId })
    })

    it('refuses a case not with the agents, naming it', () => {
      const waiting = aCase({ other: true, escalate: false })
      given()
        .when(linkSwap(), swapContext(agent, linkedAt, [first, waiting]))
        .thenRejects('CASE_NOT_SWAPPABLE', {
          caseId: otherCaseId,
          status: 'awaiting_seller',
          allowed: ['escalated'],
        })
    })

    it('refuses a case whose reason is not a wrong item', () => {
      const damaged = aCase({ other: true, reason: 'damaged' })
      given()
        .when(linkSwap(), swapContext(agent, linkedAt, [first, damaged]))
        .thenRejects('SWAP_REASON_NOT_ALLOWED', { caseId: otherCaseId, reason: 'damaged' })
    })

    it('refuses a case already in a swap, even one that fell through', () => {
      const ctx = caseContext(
        aWorld({
          order: deliveredOrder(wednesday, {
            orderId: otherOrderId,
            buyerId: otherBuyerId,
            sellerId,
          }),
        }),
        agent,
        linkedAt,
      )
      const join = decideCase(
        {
          type: 'JoinSwap',
          swapId: asId('swap-0'),
          otherCaseId: asId('case-9'),
          rationale: 'Swapped.',
          fault: 'seller',
        },
        second,
        ctx,
      )
      if (isRefused(join)) throw new Error(JSON.stringify(join.refused))
      const failedCtx = caseContext(aWorld(), scheduler, later(1))
      const joined = fold(evolveCase, second, join)
      if (joined.status === 'none') throw new Error('no case')
      const fell = decideCase({ type: 'NoteSwapFailed' }, joined, failedCtx)
      if (isRefused(fell)) throw new Error(JSON.stringify(fell.refused))
      const backWithAgents = fold(evolveCase, joined, fell)
      if (backWithAgents.status === 'none') throw new Error('no case')
      expect(backWithAgents.status).toBe('escalated')
      given()
        .when(linkSwap(), swapContext(agent, linkedAt, [first, backWithAgents]))
        .thenRejects('CASE_ALREADY_SWAPPED', { caseId: otherCaseId, swapId: 'swap-0' })
    })

    it('needs a rationale', () => {
      given()
        .when(linkSwap({ rationale: '  ' }), swapContext(agent, linkedAt, both))
        .thenRejects('RATIONALE_REQUIRED')
    })
  })

  describe('while the parcels travel', () => {
    it('lets each sender ship their own leg, late after its ship-by', () => {
      given(...linked())
        .when({ type: 'ShipSwapLeg', leg: 'a' }, swapContext(buyer, later(2)))
        .then(shipped('a'))
      const late = hoursAfter(shipBy, 1)
      given(...linked())
        .when({ type: 'ShipSwapLeg', leg: 'b' }, swapContext(otherBuyer, late))
        .thenMatch({ type: 'SwapLegShipped', data: { leg: 'b', late: true } })
    })

    it('refuses a buyer shipping the other buyer’s leg', () => {
      given(...linked())
        .when({ type: 'ShipSwapLeg', leg: 'b' }, swapContext(buyer, later(2)))
        .thenRejects('NOT_A_PARTY', { required: 'sender' })
    })

    it('ignores a repeated scan and refuses another tracking number for a shipped leg', () => {
      given(...linked(), shipped('a'))
        .when({ type: 'ShipSwapLeg', leg: 'a' }, swapContext(integration, later(3)))
        .thenNothing()
      given(...linked(), shipped('a'))
        .when(
          { type: 'ShipSwapLeg', leg: 'a', trackingNumber: 'OTHER' },
          swapContext(integration, later(3)),
        )
        .thenRejects('SWAP_LEG_STATUS_CONFLICT', { leg: 'a', status: 'in_transit' })
    })

    it('keeps the swap open when one parcel arrives', () => {
      given(...linked(), shipped('a'), shipped('b'))
        .when({ type: 'MarkSwapLegDelivered', leg: 'a' }, swapContext(integration, later(48)))
        .then(delivered('a'))
    })

    it('completes the swap with the second delivery', () => {
      given(...linked(), shipped('a'), shipped('b'), delivered('a'))
        .when({ type: 'MarkSwapLegDelivered', leg: 'b' }, swapContext(integration, later(50)))
        .then(delivered('b', later(50)), { type: 'SwapCompleted', data: { swapId, at: later(50) } })
    })

    it('lets the receiving buyer confirm a delivery, not the sender', () => {
      given(...linked(), shipped('a'))
        .when({ type: 'MarkSwapLegDelivered', leg: 'a' }, swapContext(otherBuyer, later(48)))
        .then(delivered('a'))
      given(...linked(), shipped('a'))
        .when({ type: 'MarkSwapLegDelivered', leg: 'a' }, swapContext(buyer, later(48)))
        .thenRejects('NOT_A_PARTY', { required: 'recipient' })
    })

    it('ignores a repeated delivery scan', () => {
      given(...linked(), shipped('a'), delivered('a'))
        .when({ type: 'MarkSwapLegDelivered', leg: 'a' }, swapContext(integration, later(49)))
        .thenNothing()
    })
  })

  describe('the ship-by deadline', () => {
    it('is the ship-by of the legs not yet shipped, and none once both shipped', () => {
      expect(given(...linked()).state).toMatchObject({ status: 'linked' })
      expect(activeSwapDeadline(given(...linked(), shipped('a')).state)).toEqual({
        kind: 'leg_ship_by',
        dueAt: shipBy,
      })
      expect(activeSwapDeadline(given(...linked(), shipped('a'), shipped('b')).state)).toBeNull()
    })

    it('fails the swap, naming the legs not shipped, when it passes', () => {
      given(...linked(), shipped('a'))
        .when(expireSwapDeadline(shipBy), swapContext(scheduler, shipBy))
        .then({
          type: 'SwapFailed',
          data: { swapId, reason: 'leg_not_shipped', legs: ['b'], at: shipBy },
        })
    })

    it('does nothing when stale, early, or fired twice', () => {
      given(...linked(), shipped('a'), shipped('b'))
        .when(expireSwapDeadline(shipBy), swapContext(scheduler, shipBy))
        .thenNothing()
      given(...linked())
        .when(expireSwapDeadline(shipBy), swapContext(scheduler, later(1)))
        .thenNothing()
      const failed: SwapEvent = {
        type: 'SwapFailed',
        data: { swapId, reason: 'leg_not_shipped', legs: ['a', 'b'], at: shipBy },
      }
      given(...linked(), failed)
        .when(expireSwapDeadline(shipBy), swapContext(scheduler, shipBy))
        .thenNothing()
    })

    it('after a failure, still records a parcel already on its way, and ships nothing new', () => {
      const failed: SwapEvent = {
        type: 'SwapFailed',
        data: { swapId, reason: 'leg_not_shipped', legs: ['b'], at: shipBy },
      }
      given(...linked(), shipped('a'), failed)
        .when({ type: 'MarkSwapLegDelivered', leg: 'a' }, swapContext(integration, later(100)))
        .then(delivered('a', later(100)))
      given(...linked(), shipped('a'), failed)
        .when({ type: 'ShipSwapLeg', leg: 'b' }, swapContext(otherBuyer, later(100)))
        .thenRejects('SWAP_STATUS_CONFLICT', { status: 'failed' })
    })
  })

  it('explains every refusal in a sentence', () => {
    const samples: SwapRejection[] = [
      { code: 'SWAP_NOT_FOUND' },
      { code: 'SWAP_SAME_CASE', caseId },
      { code: 'CASE_NOT_SWAPPABLE', caseId, status: 'closed', allowed: ['escalated'] },
      {
        code: 'SWAP_LEG_STATUS_CONFLICT',
        leg: 'a',
        status: 'delivered',
        allowed: ['label_issued'],
      },
    ]
    for (const r of samples) expect(explainSwapRejection(r)).toMatch(/\.$/)
  })
})
