// The default case at each step of its life, shared by the decide specs.
import { instant } from '../../../policy/time.ts'
import {
  type CaseWorld,
  type Story,
  aWorld,
  agent,
  buyer,
  daysAfter,
  decide,
  hoursAfter,
  makeOffer,
  measured,
  offerId,
  openCase,
  partialRefund,
  seller,
  story,
  wednesday,
} from '../fixtures.ts'

/** Thursday 2026-11-26 14:00 UTC, the day after delivery. */
export const opened = daysAfter(wednesday, 1)
export const at = (hours: number) => hoursAfter(opened, hours)
/** Default policy: 3 business days (New York) from Thursday 09:00 is Tuesday 09:00. */
export const respondBy = instant('2026-12-01T14:00:00Z')
/** The buyer's counter-offer at Thursday 12:00 New York: the seller answers within 3 business days. */
export const counterDue = instant('2026-12-01T17:00:00Z')

export const world = aWorld()
export const dispute = {
  type: 'DisputeClaim',
  statement: 'The measurements match the listing.',
  evidence: [measured()],
} as const
export const escalate = { type: 'Escalate' } as const
export const withdraw = { type: 'Withdraw' } as const
export const accept = (n = 1) => ({ type: 'AcceptOffer', offerId: offerId(n) }) as const
export const decline = (n = 1) => ({ type: 'DeclineOffer', offerId: offerId(n) }) as const
export const appeal = {
  type: 'Appeal',
  newInformation: 'A tailor measured the coat: the chest is 46 cm.',
} as const

export const openedCase = (w: CaseWorld = world): Story => story(w).act(buyer, opened, openCase())
export const disputedCase = (w: CaseWorld = world): Story =>
  openedCase(w).act(seller, at(2), dispute)
export const escalatedCase = (w: CaseWorld = world): Story =>
  disputedCase(w).act(buyer, at(4), escalate)
export const decidedCase = (
  w: CaseWorld = world,
  overrides: Parameters<typeof decide>[0] = {},
): Story => escalatedCase(w).act(agent, at(6), decide(overrides))
export const appealedCase = (
  w: CaseWorld = world,
  overrides: Parameters<typeof decide>[0] = {},
): Story => decidedCase(w, overrides).act(seller, daysAfter(opened, 3), appeal)
export const offeredCase = (w: CaseWorld = world, terms = partialRefund(1500)): Story =>
  openedCase(w).act(seller, at(2), makeOffer(terms))
export const counteredCase = (w: CaseWorld = world): Story =>
  offeredCase(w).act(buyer, at(3), makeOffer(partialRefund(3000), 2))
export const returnSettledCase = (w: CaseWorld = world): Story =>
  offeredCase(w, { kind: 'return_and_refund' }).act(buyer, at(3), accept())
export const replacementSettledCase = (w: CaseWorld = world): Story =>
  offeredCase(w, { kind: 'replacement' }).act(buyer, at(3), accept())

export const wholeOrderAllocation = {
  lines: [{ lineId: 'line-1', amount: 4000 }],
  shipping: 500,
  tax: 300,
}
