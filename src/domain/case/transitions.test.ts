import { describe, expect, it } from 'vitest'
import { fold } from '../shared/decider.ts'
import { asId, type CaseId, type SwapId } from '../shared/ids.ts'
import { isLegalMove } from '../shared/transitions-check.ts'
import type { CaseEvent } from './events.ts'
import {
  agent,
  agent2,
  agentId,
  aWorld,
  buyer,
  daysAfter,
  decide,
  decideAppeal,
  fire,
  hoursAfter,
  integration,
  makeOffer,
  openCase,
  partialRefund,
  seller,
  story,
  wednesday,
  type Story,
} from './fixtures.ts'
import { evolveCase, initialCaseState, type CaseState } from './state.ts'
import { caseTransitions } from './transitions.ts'
import type { CaseStatus } from './vocabulary.ts'

/** Every status change the events make, in order (a fact that leaves the status alone is no move). */
const movesOf = (events: readonly CaseEvent[]): [CaseStatus, CaseStatus][] => {
  const moves: [CaseStatus, CaseStatus][] = []
  let state: CaseState = initialCaseState
  for (const event of events) {
    const next = evolveCase(state, event)
    if (next.status !== state.status) moves.push([state.status, next.status])
    state = next
  }
  return moves
}

const t0 = daysAfter(wednesday, 1)
const at = (h: number) => hoursAfter(t0, h)
const opened = story(aWorld()).act(buyer, t0, openCase())
const disputed = opened.act(seller, at(1), { type: 'DisputeClaim', statement: 'As listed.' })
const escalated = disputed.act(buyer, at(2), { type: 'Escalate' })
const asked = escalated.act(agent, at(3), {
  type: 'RequestInformation',
  from: 'seller',
  question: 'Tracking?',
})
const returning = escalated.act(agent, at(3), decide({ outcome: 'return_required' }))
const favoured = escalated.act(agent, at(3), decide({ outcome: 'seller_favor', fault: 'none' }))
const appealed = favoured.act(buyer, at(10), { type: 'Appeal', newInformation: 'New photos.' })

/** Scripted cases that, together, walk every declared move. */
const scripts: readonly Story[] = [
  opened
    .act(seller, at(1), { type: 'AcceptClaim', resolution: 'return' })
    .act(integration, at(50), { type: 'NoteReturnCompleted' }),
  opened.act(buyer, at(1), { type: 'Withdraw' }),
  fire(opened),
  opened
    .act(seller, at(1), makeOffer(partialRefund(1000)))
    .act(buyer, at(2), makeOffer(partialRefund(2000), 2)),
  opened
    .act(seller, at(1), makeOffer({ kind: 'return_and_refund' }))
    .act(buyer, at(2), { type: 'AcceptOffer', offerId: makeOffer(partialRefund(1), 1).offerId }),
  fire(disputed),
  escalated.act(buyer, at(3), { type: 'Withdraw' }),
  escalated.act(seller, at(3), { type: 'AcceptClaim', resolution: 'return' }),
  asked.act(seller, at(4), { type: 'ProvideInformation', text: '1Z999' }),
  escalated
    .act(agent, at(3), {
      type: 'JoinSwap',
      swapId: asId<SwapId>('swap-1'),
      otherCaseId: asId<CaseId>('case-2'),
      rationale: 'Each buyer received the other’s item.',
      fault: 'seller',
    })
    .act(integration, at(90), { type: 'NoteSwapFailed' }),
  asked.act(agent, at(4), decide()),
  asked.act(seller, at(4), { type: 'AcceptClaim', resolution: 'return' }),
  asked.act(buyer, at(4), { type: 'Withdraw' }),
  fire(returning),
  fire(favoured),
  appealed
    .act(agent2, at(11), { type: 'RequestInformation', from: 'buyer', question: 'Who took them?' })
    .act(buyer, at(12), { type: 'ProvideInformation', text: 'Me.' }),
  appealed.act(agent2, at(11), decideAppeal({ outcome: 'replacement' })),
  appealed.act(agent2, at(11), decideAppeal({ outcome: 'seller_favor', fault: 'none' })),
]

// The table's own soundness is checked with every aggregate's in `../transitions.test.ts`.
describe('case status transitions', () => {
  it('every move the scripted cases make is declared', () => {
    for (const s of scripts) {
      for (const [from, to] of movesOf(s.events))
        expect(isLegalMove(caseTransitions, from, to), `${from} → ${to}`).toBe(true)
    }
  })

  it('every declared move is made by some scripted case (the table has no dead letters)', () => {
    const made = new Set(
      scripts.flatMap((s) => movesOf(s.events).map(([from, to]) => `${from} → ${to}`)),
    )
    const declared = (Object.keys(caseTransitions) as CaseStatus[]).flatMap((from) =>
      caseTransitions[from].map((to) => `${from} → ${to}`),
    )
    expect(declared.filter((move) => !made.has(move))).toEqual([])
  })

  it('a scripted case ends where its events say', () => {
    expect(fold(evolveCase, initialCaseState, appealed.events)).toMatchObject({
      status: 'appealed',
      decision: { agentId },
    })
  })
})
