import { describe, it } from 'vitest'
import { minor } from '../../shared/money.ts'
import { specFor } from '../../shared/spec.ts'
import { buyer, caseContext, makeOffer, offerId, partialRefund, seller } from '../fixtures.ts'
import { caseDecider } from '../index.ts'
import { at, openedCase, world } from './stories.ts'

const { given } = specFor(caseDecider)

/** The order's 48.00 (world total) with `held` of it held back by an open chargeback. */
const disputed = (held: number) => ({
  ...world,
  refundable: world.order.total,
  chargebackHeld: minor(held),
})

describe('case decider while a chargeback is open on the order', () => {
  const s = openedCase()

  it('refuses the seller accepting the claim with a refund: the refund would pay the disputed money again', () => {
    given(...s.events)
      .when(
        { type: 'AcceptClaim', resolution: 'refund' },
        caseContext(disputed(world.order.total), seller, at(1)),
      )
      .thenRejects('PAYMENT_DISPUTE_OPEN', {
        disputedAmount: world.order.total,
        maximumRefundable: 0,
      })
  })

  it('refuses accepting an offer that reaches into the held money', () => {
    const offered = s.act(seller, at(1), makeOffer(partialRefund(3000)))
    given(...offered.events)
      .when({ type: 'AcceptOffer', offerId: offerId(1) }, caseContext(disputed(2000), buyer, at(2)))
      .thenRejects('PAYMENT_DISPUTE_OPEN', {
        disputedAmount: 2000,
        maximumRefundable: world.order.total - 2000,
      })
  })

  it('lets a refund that fits beside the held money through', () => {
    const offered = s.act(seller, at(1), makeOffer(partialRefund(1000)))
    given(...offered.events)
      .when({ type: 'AcceptOffer', offerId: offerId(1) }, caseContext(disputed(2000), buyer, at(2)))
      .thenMatch(
        { type: 'OfferAccepted' },
        { type: 'RefundDue', data: { amount: 1000 } },
        { type: 'CaseClosed' },
      )
  })
})
