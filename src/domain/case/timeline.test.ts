import { describe, expect, it } from 'vitest'
import { defaultPolicy } from '../../policy/presets.ts'
import { asId, type CaseId, type MessageId, type SwapId } from '../shared/ids.ts'
import { minor } from '../shared/money.ts'
import { pendingCaseReminder } from './deadline.ts'
import type { CaseEventType } from './events.ts'
import {
  agent,
  agent2,
  aWorld,
  buyer,
  daysAfter,
  decide,
  decideAppeal,
  expire,
  fire,
  hoursAfter,
  integration,
  makeOffer,
  measured,
  offerId,
  openCase,
  partialRefund,
  photo,
  scheduler,
  seller,
  story,
  wednesday,
  type Story,
} from './fixtures.ts'
import { formatMoney } from './format.ts'
import { caseTimelineFact, describeCaseEvent } from './timeline.ts'

const t0 = daysAfter(wednesday, 1)
const at = (h: number) => hoursAfter(t0, h)
const opened = story(aWorld()).act(buyer, t0, openCase())
const escalated = opened
  .act(seller, at(1), makeOffer(partialRefund(1000)))
  .act(buyer, at(2), makeOffer(partialRefund(3000), 2))
  .act(seller, at(3), { type: 'DeclineOffer', offerId: offerId(2) })
  .act(buyer, at(4), {
    type: 'PostMessage',
    messageId: asId<MessageId>('m-1'),
    body: 'Please refund.',
  })
  .act(seller, at(5), { type: 'AddEvidence', evidence: measured() })
  .act(buyer, at(6), { type: 'Escalate', statement: 'No agreement.' })
const asked = fire(
  escalated.act(agent, at(7), {
    type: 'RequestInformation',
    from: 'seller',
    question: 'Tracking?',
  }),
)
const remind = (s: Story): Story => {
  const reminder = pendingCaseReminder(s.state)
  if (reminder === null) throw new Error('fixture: a reminder must be pending')
  return s.act(scheduler, reminder.dueAt, expire(reminder.kind, reminder.dueAt))
}
const stories = [
  opened.act(seller, at(1), { type: 'DisputeClaim', statement: 'As listed.' }),
  opened
    .act(seller, at(1), makeOffer({ kind: 'replacement' }))
    .act(buyer, at(2), { type: 'AcceptOffer', offerId: offerId(1) }),
  fire(opened.act(seller, at(1), makeOffer(partialRefund(1000)))),
  opened.act(seller, at(1), { type: 'AcceptClaim', resolution: 'refund' }),
  fire(asked),
  escalated
    .act(agent, at(8), { type: 'RequestInformation', from: 'buyer', question: 'Photos?' })
    .act(buyer, at(9), {
      type: 'ProvideInformation',
      text: 'Attached.',
      evidence: [photo('photo-2')],
    })
    .act(agent, at(10), decide({ outcome: 'return_required' }))
    .act(seller, at(11), { type: 'Appeal', newInformation: 'The buyer wore it.' })
    .act(agent2, at(12), decideAppeal({ outcome: 'seller_favor', fault: 'buyer' })),
  escalated
    .act(agent, at(8), decide({ outcome: 'refund_partial', amount: minor(1500) }))
    .act(seller, at(9), { type: 'Appeal', newInformation: 'New.' })
    .act(agent2, at(10), decideAppeal({ outcome: 'seller_favor', fault: 'none' })),
  fire(escalated.act(agent, at(8), decide({ outcome: 'replacement' }))).act(integration, at(900), {
    type: 'NoteReplacementDelivered',
  }),
  escalated
    .act(agent, at(8), {
      type: 'JoinSwap',
      swapId: asId<SwapId>('swap-1'),
      otherCaseId: asId<CaseId>('case-2'),
      rationale: 'Each buyer received the other’s coat.',
      fault: 'seller',
    })
    .act(integration, at(900), { type: 'NoteSwapCompleted' }),
  remind(opened),
  remind(opened.act(seller, at(1), makeOffer(partialRefund(1000)))),
]
const events = stories.flatMap((s) => s.events)

const everyType: { readonly [T in CaseEventType]: true } = {
  CaseOpened: true,
  ClaimAccepted: true,
  ClaimDisputed: true,
  OfferMade: true,
  OfferAccepted: true,
  OfferDeclined: true,
  OfferLapsed: true,
  EvidenceAdded: true,
  CaseMessagePosted: true,
  SellerResponseReminderDue: true,
  OfferExpiryReminderDue: true,
  CaseEscalated: true,
  CaseAssigned: true,
  InformationRequested: true,
  InformationProvided: true,
  InformationRequestExpired: true,
  CaseDecisionOverdue: true,
  CaseDecided: true,
  CaseAppealed: true,
  AppealDecided: true,
  DecisionBecameFinal: true,
  RefundDue: true,
  ReturnRequired: true,
  ReplacementRequired: true,
  FollowUpCancelled: true,
  SellerReimbursementDue: true,
  CaseSwapLinked: true,
  FollowUpEnded: true,
  CaseClosed: true,
}

describe('case timeline', () => {
  it('the sample cases produce every kind of event', () => {
    const seen = new Set(events.map((e) => e.type))
    expect(Object.keys(everyType).filter((t) => !seen.has(t as CaseEventType))).toEqual([])
  })

  it('gives every event a readable sentence with no placeholders', () => {
    for (const event of events) {
      const line = describeCaseEvent(event)
      expect(line, event.type).toMatch(/^[A-Z“]/)
      expect(line, event.type).not.toMatch(/undefined|null|NaN|\[object/)
    }
  })

  it('gives every event typed data: the event’s own values, and nothing internal', () => {
    // Ledger keys, the allocation and the frozen policy are the server's; the entry says who and when.
    const internal = ['refundKey', 'returnKey', 'replacementKey', 'reimbursementKey', 'allocation']
    const inside = [...internal, 'policy', 'caseId', 'orderId', 'lines', 'at']
    for (const event of events) {
      const fact = caseTimelineFact(event)
      expect(fact.type).toBe(event.type)
      const source: Readonly<Record<string, unknown>> = { ...event.data }
      for (const [field, value] of Object.entries(fact.data)) {
        if (field === 'itemCount') continue
        expect(value, `${event.type}.${field}`).toEqual(source[field])
      }
      for (const field of inside)
        expect(fact.data, `${event.type}.${field}`).not.toHaveProperty(field)
    }
  })

  it('says amounts in minor units beside their currency, times as instants, and counts items', () => {
    const openedFact = caseTimelineFact(opened.events[0] ?? fail())
    expect(openedFact).toEqual({
      type: 'CaseOpened',
      data: {
        reason: 'not_as_described',
        desiredOutcome: 'full_refund',
        wholeOrder: true,
        itemCount: 1,
        claimedAmount: 4800,
        currency: 'USD',
        respondBy: '2026-12-01T14:00:00.000Z',
        evidence: [expect.objectContaining({ kind: 'file' })],
      },
    })
    const refund = stories[6]?.events.find((e) => e.type === 'RefundDue') ?? fail()
    expect(caseTimelineFact(refund).data).toMatchObject({ amount: 1500, currency: 'USD' })
    const returned = stories[5]?.events.find((e) => e.type === 'ReturnRequired') ?? fail()
    expect(caseTimelineFact(returned).data).toMatchObject({ itemCount: 1, currency: 'USD' })
  })

  it('says what opening a case means for the seller', () => {
    expect(describeCaseEvent(opened.events[0] ?? fail())).toBe(
      'The buyer opened a case: not as described, asking for full refund on the whole order (48.00 USD). ' +
        'The seller responds by 2026-12-01 14:00 UTC. Evidence: file "photo-1.jpg" (image/jpeg).',
    )
  })

  it('says how a case closed and what it means for the seller’s reputation', () => {
    const closed = stories[3]?.events.at(-1)
    expect(closed && describeCaseEvent(closed)).toBe(
      'Case closed: settled. Counts against the seller (settled).',
    )
  })

  it('formats money in the currency’s minor units', () => {
    expect(formatMoney(4800, 'USD')).toBe('48.00 USD')
    expect(formatMoney(5, 'EUR')).toBe('0.05 EUR')
    expect(formatMoney(15000, 'CLP')).toBe('15000 CLP')
    expect(formatMoney(1234, 'KWD')).toBe('1.234 KWD')
  })

  it('keeps the policy out of the line', () => {
    expect(describeCaseEvent(opened.events[0] ?? fail())).not.toContain(
      defaultPolicy.calendar.timeZone,
    )
  })
})

function fail(): never {
  throw new Error('fixture: expected an event')
}
