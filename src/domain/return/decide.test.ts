import { describe, expect, it } from 'vitest'
import { defaultPolicy, presets } from '../../policy/presets.ts'
import { addDuration, type Instant } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import { asId, type RefundId, type UserId } from '../shared/ids.ts'
import { minor } from '../shared/money.ts'
import { specFor } from '../shared/spec.ts'
import {
  aLine,
  agent,
  buyer,
  buyerId,
  caseId,
  daysAfter,
  hoursAfter,
  integration,
  monday,
  orderId,
  scheduler,
  seller,
  sellerId,
  strangerBuyer,
  strangerSeller,
} from '../order/fixtures.ts'
import {
  created,
  createReturn,
  expireReturnDeadline,
  inspect,
  photo,
  returnContext,
  returnHistory,
  returnId,
  returnRefundId,
  type ReturnStep,
} from './fixtures.ts'
import { returnDecider } from './index.ts'
import type { ReturnRejection } from './rejections.ts'
import { explainReturnRejection } from './rejections.ts'
import { maximumDeduction } from './rules.ts'

const { given } = specFor(returnDecider)

const { calendar } = defaultPolicy
const shipBy = addDuration(monday, defaultPolicy.returns.buyerShipBy, calendar)
const tuesday = daysAfter(monday, 1)
const wednesday = daysAfter(monday, 2)
const inspectBy = addDuration(wednesday, defaultPolicy.returns.sellerInspectionTime, calendar)
const thursday = daysAfter(monday, 3)
const disputeBy = addDuration(thursday, defaultPolicy.returns.deductionDisputeWindow, calendar)
const inspectionKey = `return:${returnId}:inspection`
const ctx = returnContext

const create: ReturnStep = [createReturn(), integration, monday]
const shipped: ReturnStep = [{ type: 'ShipReturn' }, buyer, tuesday]
const delivered: ReturnStep = [{ type: 'MarkReturnDelivered' }, integration, wednesday]
const markRefunded = (refundKey = inspectionKey, refundId: RefundId = returnRefundId) =>
  ({ type: 'MarkReturnRefunded', refundId, refundKey }) as const

const inTransit = returnHistory([create, shipped])
const atSeller = returnHistory([create, shipped, delivered])
const deducted = returnHistory([
  create,
  shipped,
  delivered,
  [inspect('used', 1500), seller, thursday],
])
const refundedWithDeduction = returnHistory([
  create,
  shipped,
  delivered,
  [inspect('used', 1500), seller, thursday],
  [markRefunded(), integration, thursday],
])
const differentItem = returnHistory([
  create,
  shipped,
  delivered,
  [inspect('different_item_returned'), seller, thursday],
])

const refundOf = (amount: number, refundKey = inspectionKey) => ({
  refundKey,
  amount: minor(amount),
  currency: 'USD',
  destination: 'original_payment' as const,
  funding: 'seller' as const,
})

describe('return decider', () => {
  describe('creating a return', () => {
    it('issues the label and gives the buyer until ship-by (policy.returns.buyerShipBy)', () => {
      given()
        .when(createReturn(), ctx(integration))
        .then({
          type: 'ReturnCreated',
          data: {
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
            shippingPaidBy: 'seller',
            shippingPaidByRule: 'covered_reason',
            labelCharge: minor(0),
            shipBy,
            at: monday,
          },
        })
    })

    it('charges the label to the buyer for remorse, and to the marketplace for covered reasons under Poshmark', () => {
      given()
        .when(createReturn({ reason: 'changed_mind' }), ctx(integration))
        .thenMatch({
          data: { shippingPaidBy: 'buyer', shippingPaidByRule: 'remorse_reason', labelCharge: 750 },
        })
      given()
        .when(createReturn(), ctx(integration, monday, presets.poshmark))
        .thenMatch({ data: { shippingPaidBy: 'marketplace', labelCharge: 0 } })
    })

    it('follows a decision that named the payer, and never charges more than the return refunds', () => {
      given()
        .when(
          createReturn({ shippingPaidBy: 'buyer', refundOnCompletion: minor(500) }),
          ctx(integration),
        )
        .thenMatch({ data: { shippingPaidByRule: 'decided', labelCharge: 500 } })
    })

    it('does nothing when created again, and refuses another return on the same stream', () => {
      given(...created())
        .when(createReturn(), ctx(integration))
        .thenNothing()
      given(...created())
        .when(createReturn({ rma: 'RMA-0002' }), ctx(integration))
        .thenRejects('RETURN_EXISTS', { returnId, rma: 'RMA-0001' })
    })

    it('refuses a return without an RMA, lines, a whole quantity, tracking, or a sound amount', () => {
      given()
        .when(createReturn({ rma: ' ' }), ctx(integration))
        .thenRejects('INVALID_RETURN', { field: 'rma' })
      given()
        .when(createReturn({ lines: [] }), ctx(integration))
        .thenRejects('INVALID_RETURN', { field: 'lines' })
      given()
        .when(createReturn({ lines: [{ lineId: aLine().lineId, quantity: 0 }] }), ctx(integration))
        .thenRejects('INVALID_RETURN')
      given()
        .when(
          createReturn({ label: { carrier: 'UPS', trackingNumber: '', cost: minor(0) } }),
          ctx(integration),
        )
        .thenRejects('INVALID_RETURN', { field: 'label' })
      given()
        .when(createReturn({ refundOnCompletion: minor(-1) }), ctx(integration))
        .thenRejects('INVALID_AMOUNT', { field: 'refundOnCompletion' })
      given()
        .when(createReturn({ funding: 'buyer' }), ctx(integration))
        .thenRejects('REFUND_FUNDER_INVALID', { funding: 'buyer' })
    })

    it('refuses everything else before it exists', () => {
      given().when({ type: 'ShipReturn' }, ctx(buyer)).thenRejects('RETURN_NOT_FOUND')
      given().when(inspect('as_described'), ctx(seller)).thenRejects('RETURN_NOT_FOUND')
      given()
        .when(expireReturnDeadline('buyer_ship_by', shipBy), ctx(scheduler, shipBy))
        .thenNothing()
    })
  })

  describe('when the label is issued', () => {
    it('records the buyer shipping it with the label’s carrier and tracking', () => {
      given(...created())
        .when({ type: 'ShipReturn' }, ctx(buyer, tuesday))
        .then({
          type: 'ReturnShipped',
          data: {
            returnId,
            carrier: 'UPS',
            trackingNumber: '1ZRETURN0001',
            late: false,
            at: tuesday,
          },
        })
    })

    it('marks a shipment after ship-by (before the deadline fired) as late', () => {
      const late = hoursAfter(shipBy, 1)
      given(...created())
        .when(
          { type: 'ShipReturn', carrier: 'USPS', trackingNumber: '9400' },
          ctx(integration, late),
        )
        .thenMatch({ data: { carrier: 'USPS', trackingNumber: '9400', late: true } })
    })

    it('takes shipping from the buyer of this return, the integration or an admin', () => {
      given(...created())
        .when({ type: 'ShipReturn' }, ctx(strangerBuyer))
        .thenRejects('NOT_A_PARTY', { required: 'buyer' })
      given(...created())
        .when({ type: 'ShipReturn' }, ctx(seller))
        .thenRejects('ACTOR_NOT_ALLOWED', { actorKind: 'seller' })
    })

    it('accepts a delivery scan without an earlier shipping scan', () => {
      given(...created())
        .when({ type: 'MarkReturnDelivered' }, ctx(integration, wednesday))
        .then({ type: 'ReturnDelivered', data: { returnId, at: wednesday, inspectBy } })
    })

    it('refuses an inspection before delivery', () => {
      given(...created())
        .when(inspect('as_described'), ctx(seller))
        .thenRejects('RETURN_STATUS_CONFLICT', { status: 'label_issued' })
    })

    it('expires when the buyer misses ship-by, and ignores the deadline before it is due', () => {
      given(...created())
        .when(expireReturnDeadline('buyer_ship_by', shipBy), ctx(scheduler, shipBy))
        .then({ type: 'ReturnExpired', data: { returnId, shipBy, at: shipBy } })
      given(...created())
        .when(expireReturnDeadline('buyer_ship_by', shipBy), ctx(scheduler, tuesday))
        .thenNothing()
      given(...created())
        .when(expireReturnDeadline('inspection', shipBy), ctx(scheduler, shipBy))
        .thenNothing()
    })

    it('is called off when the case cancels it, once', () => {
      given(...created())
        .when({ type: 'CancelReturn', reason: 'Appeal decided for the seller' }, ctx(integration))
        .then({
          type: 'ReturnCancelled',
          data: { returnId, reason: 'Appeal decided for the seller', at: monday },
        })
      const cancelled = returnHistory([
        create,
        [{ type: 'CancelReturn', reason: 'appeal' }, integration, monday],
      ])
      given(...cancelled)
        .when({ type: 'CancelReturn', reason: 'appeal' }, ctx(integration))
        .thenNothing()
      given(...created())
        .when({ type: 'CancelReturn', reason: ' ' }, ctx(integration))
        .thenRejects('STATEMENT_REQUIRED')
    })
  })

  describe('when in transit', () => {
    it('ignores the same scan again and refuses another shipment', () => {
      given(...inTransit)
        .when({ type: 'ShipReturn' }, ctx(integration))
        .thenNothing()
      given(...inTransit)
        .when({ type: 'ShipReturn', trackingNumber: 'OTHER' }, ctx(buyer))
        .thenRejects('RETURN_STATUS_CONFLICT', { status: 'in_transit' })
    })

    it('lets the seller confirm receipt; a second scan changes nothing', () => {
      given(...inTransit)
        .when({ type: 'MarkReturnDelivered' }, ctx(seller, wednesday))
        .thenMatch({ type: 'ReturnDelivered', data: { inspectBy } })
      given(...atSeller)
        .when({ type: 'MarkReturnDelivered' }, ctx(integration, thursday))
        .thenNothing()
      given(...inTransit)
        .when({ type: 'MarkReturnDelivered' }, ctx(strangerSeller))
        .thenRejects('NOT_A_PARTY', { required: 'seller' })
    })

    it('cannot expire: the buyer shipped', () => {
      given(...inTransit)
        .when(expireReturnDeadline('buyer_ship_by', shipBy), ctx(scheduler, shipBy))
        .thenNothing()
    })
  })

  describe('when delivered to the seller', () => {
    it('refunds in full when the item is as described', () => {
      given(...atSeller)
        .when(inspect('as_described'), ctx(seller, thursday))
        .then({
          type: 'ReturnInspected',
          data: {
            returnId,
            condition: 'as_described',
            deduction: minor(0),
            deductionReason: null,
            evidence: [],
            refundAmount: minor(4000),
            refund: refundOf(4000),
            at: thursday,
          },
        })
    })

    it('takes a deduction up to the policy maximum (eBay: 50 %) with a reason and photos', () => {
      given(...atSeller)
        .when(inspect('used', 2000), ctx(seller, thursday, presets.ebay))
        .thenMatch({
          type: 'ReturnInspected',
          data: {
            deduction: 2000,
            deductionReason: 'Stains on the sleeve',
            evidence: [photo],
            refundAmount: 2000,
            refund: refundOf(2000),
          },
        })
      given(...atSeller)
        .when(inspect('damaged', 2001), ctx(seller, thursday, presets.ebay))
        .thenRejects('DEDUCTION_EXCEEDS_MAXIMUM', {
          maximumDeduction: 2000,
          maxDeductionPercent: 50,
        })
    })

    it('rounds the maximum deduction down, in the buyer’s favour', () => {
      const odd = returnHistory([
        [createReturn({ refundOnCompletion: minor(3333) }), integration, monday],
        delivered,
      ])
      given(...odd)
        .when(inspect('used', 1667), ctx(seller, thursday))
        .thenRejects('DEDUCTION_EXCEEDS_MAXIMUM', { maximumDeduction: 1666 })
      const finer: Policy = {
        ...defaultPolicy,
        returns: { ...defaultPolicy.returns, maxDeductionPercent: 12.5 },
      }
      expect(maximumDeduction(minor(999), minor(0), finer)).toBe(124)
    })

    it('refuses a deduction on an item as described, or without a reason or photos', () => {
      given(...atSeller)
        .when(inspect('as_described', 0, { deduction: minor(100) }), ctx(seller, thursday))
        .thenRejects('DEDUCTION_NOT_ALLOWED', { condition: 'as_described' })
      given(...atSeller)
        .when(inspect('used', 100, { note: ' ' }), ctx(seller, thursday))
        .thenRejects('DEDUCTION_REASON_REQUIRED')
      given(...atSeller)
        .when(inspect('used', 100, { evidence: [] }), ctx(seller, thursday))
        .thenRejects('EVIDENCE_REQUIRED', { condition: 'used' })
      given(...atSeller)
        .when(inspect('used', -5), ctx(seller, thursday))
        .thenRejects('INVALID_AMOUNT', { field: 'deduction' })
    })

    it('takes a buyer-paid label off the refund, and caps the deduction at what is left', () => {
      const remorse = returnHistory([
        [
          createReturn({ reason: 'changed_mind', refundOnCompletion: minor(1000) }),
          integration,
          monday,
        ],
        delivered,
      ])
      given(...remorse)
        .when(inspect('as_described'), ctx(seller, thursday))
        .thenMatch({ data: { refundAmount: 250, refund: refundOf(250) } })
      given(...remorse)
        .when(inspect('used', 251), ctx(seller, thursday))
        .thenRejects('DEDUCTION_EXCEEDS_MAXIMUM', { maximumDeduction: 250 })
      given(...remorse)
        .when(inspect('used', 250), ctx(seller, thursday))
        .thenMatch(
          { type: 'ReturnInspected', data: { refundAmount: 0, refund: null } },
          { type: 'ReturnClosed', data: { reason: 'nothing_to_refund' } },
        )
    })

    it('sends a different item returned to an agent, with photos and a statement', () => {
      given(...atSeller)
        .when(inspect('different_item_returned'), ctx(seller, thursday))
        .then({
          type: 'ReturnInspectionDisputed',
          data: {
            returnId,
            by: 'seller',
            reason: 'different_item_returned',
            statement: 'Stains on the sleeve',
            evidence: [photo],
            at: thursday,
          },
        })
      given(...atSeller)
        .when(inspect('different_item_returned', 0, { evidence: [] }), ctx(seller, thursday))
        .thenRejects('EVIDENCE_REQUIRED', { condition: 'different_item_returned' })
      given(...atSeller)
        .when(inspect('different_item_returned', 0, { note: '' }), ctx(seller, thursday))
        .thenRejects('STATEMENT_REQUIRED')
      given(...atSeller)
        .when(
          inspect('different_item_returned', 0, { deduction: minor(10) }),
          ctx(seller, thursday),
        )
        .thenRejects('DEDUCTION_NOT_ALLOWED')
    })

    it('takes the inspection from this return’s seller only', () => {
      given(...atSeller)
        .when(inspect('as_described'), ctx(strangerSeller, thursday))
        .thenRejects('NOT_A_PARTY', { required: 'seller' })
      given(...atSeller)
        .when(inspect('as_described'), ctx(buyer, thursday))
        .thenRejects('ACTOR_NOT_ALLOWED', { actorKind: 'buyer' })
    })

    it('refunds in full when the seller does not inspect in time; a late inspection is refused', () => {
      given(...atSeller)
        .when(expireReturnDeadline('inspection', inspectBy), ctx(scheduler, inspectBy))
        .then({
          type: 'ReturnInspectionTimedOut',
          data: {
            returnId,
            inspectBy,
            refundAmount: minor(4000),
            refund: refundOf(4000),
            at: inspectBy,
          },
        })
      given(...atSeller)
        .when(inspect('used', 100), ctx(seller, inspectBy))
        .thenRejects('INSPECTION_DEADLINE_PASSED', { inspectBy })
      given(...atSeller)
        .when(expireReturnDeadline('inspection', inspectBy), ctx(scheduler, thursday))
        .thenNothing()
    })
  })

  describe('when inspected and the refund is due', () => {
    it('closes once the ledger took a refund with no deduction', () => {
      const full = returnHistory([create, delivered, [inspect('as_described'), seller, thursday]])
      given(...full)
        .when(markRefunded(), ctx(integration, thursday))
        .then(
          {
            type: 'ReturnRefunded',
            data: {
              returnId,
              refundId: returnRefundId,
              refundKey: inspectionKey,
              amount: minor(4000),
              disputeBy: null,
              at: thursday,
            },
          },
          { type: 'ReturnClosed', data: { returnId, reason: 'refunded', at: thursday } },
        )
    })

    it('leaves a deduction open to dispute until the window passes (policy.returns.deductionDisputeWindow)', () => {
      given(...deducted)
        .when(markRefunded(), ctx(integration, thursday))
        .then({
          type: 'ReturnRefunded',
          data: {
            returnId,
            refundId: returnRefundId,
            refundKey: inspectionKey,
            amount: minor(2500),
            disputeBy,
            at: thursday,
          },
        })
    })

    it('refuses a refund it did not ask for, and ignores one it already recorded', () => {
      given(...deducted)
        .when(markRefunded('return:other'), ctx(integration, thursday))
        .thenRejects('REFUND_KEY_MISMATCH', { expected: inspectionKey })
      given(...refundedWithDeduction)
        .when(markRefunded(), ctx(integration))
        .thenNothing()
    })

    it('can no longer be cancelled', () => {
      given(...deducted)
        .when({ type: 'CancelReturn', reason: 'appeal' }, ctx(integration))
        .thenRejects('RETURN_STATUS_CONFLICT', { status: 'inspected' })
    })
  })

  describe('when refunded with a deduction', () => {
    it('lets the buyer dispute the deduction: back to an agent', () => {
      given(...refundedWithDeduction)
        .when(
          { type: 'DisputeInspection', statement: ' It was new ', evidence: [photo] },
          ctx(buyer, thursday),
        )
        .then({
          type: 'ReturnInspectionDisputed',
          data: {
            returnId,
            by: 'buyer',
            reason: 'deduction_disputed',
            statement: 'It was new',
            evidence: [photo],
            at: thursday,
          },
        })
    })

    it('refuses a dispute without a statement, from someone else, or after the window', () => {
      given(...refundedWithDeduction)
        .when({ type: 'DisputeInspection', statement: '' }, ctx(buyer, thursday))
        .thenRejects('STATEMENT_REQUIRED')
      given(...refundedWithDeduction)
        .when({ type: 'DisputeInspection', statement: 'no' }, ctx(strangerBuyer, thursday))
        .thenRejects('NOT_A_PARTY')
      given(...refundedWithDeduction)
        .when({ type: 'DisputeInspection', statement: 'no' }, ctx(buyer, disputeBy))
        .thenRejects('DISPUTE_WINDOW_CLOSED', { disputeBy })
    })

    it('closes when the window passes undisputed', () => {
      given(...refundedWithDeduction)
        .when(expireReturnDeadline('dispute_window', disputeBy), ctx(scheduler, disputeBy))
        .then({
          type: 'ReturnClosed',
          data: { returnId, reason: 'dispute_window_passed', at: disputeBy },
        })
    })

    it('has nothing to dispute when the inspection took no deduction', () => {
      const full = returnHistory([
        create,
        delivered,
        [inspect('as_described'), seller, thursday],
        [markRefunded(), integration, thursday],
      ])
      given(...full)
        .when({ type: 'DisputeInspection', statement: 'no' }, ctx(buyer, thursday))
        .thenRejects('NOTHING_TO_DISPUTE')
    })
  })

  describe('when the inspection is disputed', () => {
    const disputed = returnHistory([
      create,
      shipped,
      delivered,
      [inspect('used', 1500), seller, thursday],
      [markRefunded(), integration, thursday],
      [{ type: 'DisputeInspection', statement: 'It was new' }, buyer, thursday],
    ])

    it('lets an agent award more: the top-up is due under its own key', () => {
      given(...disputed)
        .when(
          {
            type: 'ResolveInspectionDispute',
            refundAmount: minor(4000),
            rationale: 'Photos show no wear',
          },
          ctx(agent, disputeBy),
        )
        .then({
          type: 'ReturnDisputeResolved',
          data: {
            returnId,
            agentId: asId<UserId>('agent-1'),
            refundAmount: minor(4000),
            additionalRefund: minor(1500),
            rationale: 'Photos show no wear',
            refund: refundOf(1500, `return:${returnId}:dispute`),
            at: disputeBy,
          },
        })
    })

    it('closes after the top-up lands, with no second dispute', () => {
      const resolved = returnHistory([
        create,
        shipped,
        delivered,
        [inspect('used', 1500), seller, thursday],
        [markRefunded(), integration, thursday],
        [{ type: 'DisputeInspection', statement: 'It was new' }, buyer, thursday],
        [
          { type: 'ResolveInspectionDispute', refundAmount: minor(4000), rationale: 'ok' },
          agent,
          disputeBy,
        ],
      ])
      given(...resolved)
        .when(
          markRefunded(`return:${returnId}:dispute`, asId<RefundId>('refund-r2')),
          ctx(integration, disputeBy),
        )
        .thenMatch(
          { type: 'ReturnRefunded', data: { amount: 1500, disputeBy: null } },
          { type: 'ReturnClosed', data: { reason: 'refunded' } },
        )
    })

    it('closes when the agent upholds the deduction', () => {
      given(...disputed)
        .when(
          { type: 'ResolveInspectionDispute', refundAmount: minor(2500), rationale: 'Worn' },
          ctx(agent),
        )
        .thenMatch(
          { type: 'ReturnDisputeResolved', data: { additionalRefund: 0, refund: null } },
          { type: 'ReturnClosed', data: { reason: 'dispute_resolved' } },
        )
    })

    it('refuses more than the return can refund, less than already refunded, or no rationale', () => {
      given(...disputed)
        .when(
          { type: 'ResolveInspectionDispute', refundAmount: minor(4001), rationale: 'x' },
          ctx(agent),
        )
        .thenRejects('REFUND_ABOVE_CEILING', { maximumRefund: 4000 })
      given(...disputed)
        .when(
          { type: 'ResolveInspectionDispute', refundAmount: minor(2000), rationale: 'x' },
          ctx(agent),
        )
        .thenRejects('REFUND_BELOW_REFUNDED', { alreadyRefunded: 2500 })
      given(...disputed)
        .when(
          { type: 'ResolveInspectionDispute', refundAmount: minor(3000), rationale: ' ' },
          ctx(agent),
        )
        .thenRejects('RATIONALE_REQUIRED')
      given(...disputed)
        .when(
          { type: 'ResolveInspectionDispute', refundAmount: minor(3000), rationale: 'x' },
          ctx(seller),
        )
        .thenRejects('ACTOR_NOT_ALLOWED', { actorKind: 'seller' })
    })

    it('refunds a different-item claim the agent rejects under the inspection key', () => {
      given(...differentItem)
        .when(
          { type: 'ResolveInspectionDispute', refundAmount: minor(4000), rationale: 'Same item' },
          ctx(agent),
        )
        .thenMatch({ data: { additionalRefund: 4000, refund: refundOf(4000) } })
      given(...differentItem)
        .when(
          { type: 'ResolveInspectionDispute', refundAmount: minor(0), rationale: 'Fraud' },
          ctx(agent),
        )
        .thenMatch(
          { type: 'ReturnDisputeResolved' },
          { type: 'ReturnClosed', data: { reason: 'dispute_resolved' } },
        )
    })
  })

  it('explains every refusal in a sentence', () => {
    const at = '2026-11-23T14:00:00.000Z' as Instant
    const samples: ReturnRejection[] = [
      { code: 'RETURN_NOT_FOUND' },
      { code: 'RETURN_EXISTS', returnId, rma: 'R' },
      { code: 'INVALID_RETURN', field: 'rma', problem: 'it is empty' },
      { code: 'INVALID_AMOUNT', field: 'deduction', amount: -1 },
      { code: 'REFUND_FUNDER_INVALID', funding: 'buyer' },
      { code: 'ACTOR_NOT_ALLOWED', actorKind: 'buyer', allowed: ['seller'] },
      { code: 'NOT_A_PARTY', required: 'seller' },
      { code: 'RETURN_STATUS_CONFLICT', status: 'in_transit', allowed: ['label_issued'] },
      { code: 'INSPECTION_DEADLINE_PASSED', inspectBy: at },
      { code: 'DEDUCTION_NOT_ALLOWED', condition: 'as_described' },
      { code: 'DEDUCTION_EXCEEDS_MAXIMUM', maximumDeduction: minor(1), maxDeductionPercent: 50 },
      { code: 'DEDUCTION_REASON_REQUIRED' },
      { code: 'EVIDENCE_REQUIRED', condition: 'used' },
      { code: 'STATEMENT_REQUIRED' },
      { code: 'NOTHING_TO_DISPUTE' },
      { code: 'DISPUTE_WINDOW_CLOSED', disputeBy: at },
      { code: 'REFUND_ABOVE_CEILING', maximumRefund: minor(1) },
      { code: 'REFUND_BELOW_REFUNDED', alreadyRefunded: minor(1) },
      { code: 'RATIONALE_REQUIRED' },
      { code: 'REFUND_KEY_MISMATCH', expected: null },
    ]
    for (const r of samples) expect(explainReturnRejection(r)).toMatch(/^\S.*\.$/)
  })
})
