import { describe, expect, it } from 'vitest'
import { defaultPolicy, presets } from '../../policy/presets.ts'
import { days, subtractDuration } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import {
  buyer,
  buyerId,
  caseId,
  daysAfter,
  monday,
  orderId,
  scheduler,
  seller,
  sellerId,
} from '../order/fixtures.ts'
import { minor } from '../shared/money.ts'
import { specFor } from '../shared/spec.ts'
import { activePaymentDisputeDeadline } from './deadline.ts'
import type { PaymentDisputeEvent } from './events.ts'
import { aRefund, disputeContext, disputeId, dueBy, openDispute } from './fixtures.ts'
import { paymentDisputeDecider } from './index.ts'
import { explainPaymentDisputeRejection, type PaymentDisputeRejection } from './rejections.ts'

const { given } = specFor(paymentDisputeDecider)
const tuesday = daysAfter(monday, 1)

const opened = (w: Parameters<typeof disputeContext>[0] = {}): PaymentDisputeEvent[] => {
  const d = paymentDisputeDecider.decide(
    openDispute(),
    paymentDisputeDecider.initialState,
    disputeContext(w),
  )
  if (!Array.isArray(d)) throw new Error('fixture refused')
  return [...(d as PaymentDisputeEvent[])]
}
const withPolicy = (refunds: Partial<Policy['refunds']>): Policy => ({
  ...defaultPolicy,
  refunds: { ...defaultPolicy.refunds, ...refunds },
})

describe('payment dispute decider', () => {
  describe('when nothing is recorded yet', () => {
    it('opens the dispute for the order, pausing its open case under the default policy', () => {
      given()
        .when(openDispute(), disputeContext())
        .then({
          type: 'PaymentDisputeOpened',
          data: {
            disputeId,
            orderId,
            caseId,
            buyerId,
            sellerId,
            provider: 'stripe',
            providerReference: 'du_1',
            amount: minor(4800),
            fee: minor(1500),
            currency: 'USD',
            networkReason: 'product_not_received',
            category: 'not_received',
            status: 'needs_response',
            evidenceDueBy: dueBy,
            alreadyRefunded: [],
            caseAction: 'paused',
            policyVersionId: 'policy-1',
            at: monday,
          },
        })
    })

    it('closes the open case under eBay’s rule (the case closes when a chargeback is filed)', () => {
      given()
        .when(openDispute(), disputeContext({ policy: presets.ebay }))
        .thenMatch({ type: 'PaymentDisputeOpened', data: { caseAction: 'closed' } })
    })

    it('touches no case when none is open', () => {
      given()
        .when(openDispute(), disputeContext({ openCaseId: null }))
        .thenMatch({ type: 'PaymentDisputeOpened', data: { caseId: null, caseAction: null } })
    })

    it('flags an order refunded already, with the refunds’ references', () => {
      const refund = aRefund()
      given()
        .when(openDispute(), disputeContext({ refunds: [refund] }))
        .thenMatch({ type: 'PaymentDisputeOpened', data: { alreadyRefunded: [refund] } })
    })

    it('refuses a buyer or a seller: only the payment integration reports disputes', () => {
      for (const actor of [buyer, seller]) {
        given().when(openDispute(), disputeContext({ actor })).thenRejects('ACTOR_NOT_ALLOWED')
      }
    })

    it('refuses more than the card paid, another currency and a zero amount', () => {
      given()
        .when(openDispute({ amount: minor(4801) }), disputeContext())
        .thenRejects('DISPUTE_EXCEEDS_CAPTURED', { capturedByCard: 4800 })
      given()
        .when(openDispute({ currency: 'EUR' }), disputeContext())
        .thenRejects('CURRENCY_MISMATCH', { expected: 'USD', actual: 'EUR' })
      given()
        .when(openDispute({ amount: minor(0) }), disputeContext())
        .thenRejects('INVALID_AMOUNT', { field: 'amount' })
    })

    it('refuses an update about a dispute it never heard of', () => {
      given()
        .when({ type: 'UpdatePaymentDispute', status: 'under_review' }, disputeContext())
        .thenRejects('PAYMENT_DISPUTE_NOT_FOUND')
    })
  })

  describe('when open and needing a response', () => {
    const history = opened()

    it('the same report again is a no-op; other terms are a conflict', () => {
      given(...history)
        .when(openDispute(), disputeContext())
        .thenNothing()
      given(...history)
        .when(openDispute({ amount: minor(2000) }), disputeContext())
        .thenRejects('PAYMENT_DISPUTE_CONFLICT', { field: 'amount' })
    })

    it('moves under review when the evidence is submitted', () => {
      given(...history)
        .when(
          { type: 'UpdatePaymentDispute', status: 'under_review' },
          disputeContext({ now: tuesday }),
        )
        .then({
          type: 'PaymentDisputeUpdated',
          data: {
            disputeId,
            orderId,
            from: 'needs_response',
            status: 'under_review',
            evidenceDueBy: dueBy,
            at: tuesday,
          },
        })
    })

    it('records a new evidence deadline with the status unchanged', () => {
      const later = daysAfter(dueBy, 2)
      given(...history)
        .when(
          { type: 'UpdatePaymentDispute', status: 'needs_response', evidenceDueBy: later },
          disputeContext({ now: tuesday }),
        )
        .thenMatch({ type: 'PaymentDisputeUpdated', data: { evidenceDueBy: later } })
      given(...history)
        .when({ type: 'UpdatePaymentDispute', status: 'needs_response' }, disputeContext())
        .thenNothing()
    })

    it('has the evidence reminder as its deadline, two days before the evidence is due', () => {
      const s = given(...history).state
      expect(activePaymentDisputeDeadline(s, days(2), defaultPolicy.calendar)).toEqual({
        kind: 'evidence_reminder',
        dueAt: subtractDuration(dueBy, days(2), defaultPolicy.calendar),
      })
    })

    it('reminds once when the reminder falls due, and a stale or early firing does nothing', () => {
      const remindAt = subtractDuration(dueBy, days(2), defaultPolicy.calendar)
      const fire = { type: 'ExpireDeadline', kind: 'evidence_reminder', dueAt: remindAt } as const
      given(...history)
        .when(fire, disputeContext({ actor: scheduler, now: remindAt }))
        .then({
          type: 'PaymentDisputeEvidenceReminderDue',
          data: { disputeId, orderId, evidenceDueBy: dueBy, at: remindAt },
        })
      given(...history)
        .when(fire, disputeContext({ actor: scheduler, now: tuesday }))
        .thenNothing()
      const reminded = [
        ...history,
        {
          type: 'PaymentDisputeEvidenceReminderDue',
          data: { disputeId, orderId, evidenceDueBy: dueBy, at: remindAt },
        } as const,
      ]
      expect(
        activePaymentDisputeDeadline(given(...reminded).state, days(2), defaultPolicy.calendar),
      ).toBeNull()
      given(...reminded)
        .when(fire, disputeContext({ actor: scheduler, now: remindAt }))
        .thenNothing()
    })

    it('won: the fee the provider gave back is recorded, nobody bears a loss', () => {
      given(...history)
        .when(
          { type: 'ClosePaymentDispute', outcome: 'won', feeReturned: minor(1500) },
          disputeContext(),
        )
        .thenMatch({
          type: 'PaymentDisputeClosed',
          data: { outcome: 'won', feeReturned: 1500, bearer: null, countsAgainstSeller: false },
        })
    })

    it('lost with no fault recorded: the seller bears a not-received chargeback and it counts against it', () => {
      given(...history)
        .when({ type: 'UpdatePaymentDispute', status: 'lost' }, disputeContext())
        .thenMatch({
          type: 'PaymentDisputeClosed',
          data: {
            outcome: 'lost',
            bearer: 'seller',
            bearerReason: 'policy',
            countsAgainstSeller: true,
            amount: 4800,
            fee: 1500,
          },
        })
    })

    it('lost, but the policy does not count chargebacks against sellers', () => {
      given(...history)
        .when(
          { type: 'ClosePaymentDispute', outcome: 'lost' },
          disputeContext({ policy: withPolicy({ lostChargebackCountsAgainstSeller: false }) }),
        )
        .thenMatch({
          type: 'PaymentDisputeClosed',
          data: { bearer: 'seller', countsAgainstSeller: false },
        })
    })

    it('lost on a case decided with carrier fault: the marketplace bears it, it never counts against the seller', () => {
      given(...history)
        .when(
          { type: 'ClosePaymentDispute', outcome: 'lost' },
          disputeContext({ caseFault: 'carrier' }),
        )
        .thenMatch({
          type: 'PaymentDisputeClosed',
          data: { bearer: 'marketplace', bearerReason: 'case_fault', countsAgainstSeller: false },
        })
    })

    it('lost on a fraud chargeback: the marketplace protects the seller by default', () => {
      const fraud = given().when(openDispute({ networkReason: 'fraudulent' }), disputeContext())
        .decision as PaymentDisputeEvent[]
      given(...fraud)
        .when({ type: 'ClosePaymentDispute', outcome: 'lost' }, disputeContext())
        .thenMatch({
          type: 'PaymentDisputeClosed',
          data: { bearer: 'marketplace', bearerReason: 'policy' },
        })
    })

    it('refuses giving back more fee than was charged', () => {
      given(...history)
        .when(
          { type: 'ClosePaymentDispute', outcome: 'won', feeReturned: minor(1501) },
          disputeContext(),
        )
        .thenRejects('INVALID_AMOUNT', { field: 'feeReturned' })
    })
  })

  describe('when the order had refunded already', () => {
    it('lost: the marketplace bears the double payment, not the seller', () => {
      given(...opened({ refunds: [aRefund()] }))
        .when({ type: 'ClosePaymentDispute', outcome: 'lost' }, disputeContext())
        .thenMatch({
          type: 'PaymentDisputeClosed',
          data: {
            bearer: 'marketplace',
            bearerReason: 'already_refunded',
            countsAgainstSeller: false,
          },
        })
    })
  })

  describe('when closed', () => {
    const closedLost = (): PaymentDisputeEvent[] => {
      const h = opened()
      const d = paymentDisputeDecider.decide(
        { type: 'ClosePaymentDispute', outcome: 'lost' },
        paymentDisputeDecider.evolve(
          paymentDisputeDecider.initialState,
          h[0] as PaymentDisputeEvent,
        ),
        disputeContext(),
      ) as PaymentDisputeEvent[]
      return [...h, ...d]
    }

    it('the same outcome again is a no-op; a different one or reopening is refused', () => {
      given(...closedLost())
        .when({ type: 'ClosePaymentDispute', outcome: 'lost' }, disputeContext())
        .thenNothing()
      given(...closedLost())
        .when({ type: 'ClosePaymentDispute', outcome: 'won' }, disputeContext())
        .thenRejects('PAYMENT_DISPUTE_STATUS_CONFLICT', { status: 'lost', requested: 'won' })
      given(...closedLost())
        .when({ type: 'UpdatePaymentDispute', status: 'needs_response' }, disputeContext())
        .thenRejects('PAYMENT_DISPUTE_STATUS_CONFLICT')
    })

    it('has no deadline', () => {
      expect(
        activePaymentDisputeDeadline(given(...closedLost()).state, days(2), defaultPolicy.calendar),
      ).toBeNull()
    })
  })
})

describe('payment dispute refusals', () => {
  it('each explains itself in a sentence', () => {
    const samples: PaymentDisputeRejection[] = [
      { code: 'ACTOR_NOT_ALLOWED', actorKind: 'buyer', allowed: ['integration'] },
      { code: 'INVALID_AMOUNT', field: 'amount', amount: 0 },
      { code: 'CURRENCY_MISMATCH', expected: 'USD', actual: 'EUR' },
      { code: 'DISPUTE_EXCEEDS_CAPTURED', capturedByCard: minor(4800) },
      { code: 'PAYMENT_DISPUTE_CONFLICT', disputeId, field: 'amount' },
      { code: 'PAYMENT_DISPUTE_NOT_FOUND', disputeId },
      { code: 'PAYMENT_DISPUTE_STATUS_CONFLICT', status: 'lost', requested: 'won' },
    ]
    for (const r of samples) expect(explainPaymentDisputeRejection(r)).toMatch(/\.$/)
  })
})
