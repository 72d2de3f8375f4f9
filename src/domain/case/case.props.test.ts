import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defaultPolicy, presets } from '../../policy/presets.ts'
import { addMillis, isBefore, toMillis, type Instant } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import type { Fault } from '../../policy/vocabulary.ts'
import type { Actor } from '../shared/actor.ts'
import { isRefused } from '../shared/decider.ts'
import {
  asId,
  type CaseId,
  type EvidenceId,
  type MessageId,
  type SwapId,
  type UserId,
} from '../shared/ids.ts'
import { minor } from '../shared/money.ts'
import {
  decideWithinTable,
  expectNoDeadlineWhenTerminal,
  fireLiveDeadline,
  type CommandStep,
} from '../shared/walk.ts'
import { availableCaseActions, type CaseActionName } from './actions.ts'
import type { CaseCommand, DecisionTerms } from './commands.ts'
import { activeCaseDeadline } from './deadline.ts'
import { decideCase } from './decide.ts'
import type { CaseEvent } from './events.ts'
import {
  agent,
  agent2,
  aWorld,
  buyer,
  caseContext,
  daysAfter,
  decisionId,
  expire,
  integration,
  offerId,
  openCase,
  photo,
  scheduler,
  seller,
  strangerBuyer,
  wednesday,
  type CaseWorld,
} from './fixtures.ts'
import { caseDecider } from './index.ts'
import {
  evolveCase,
  initialCaseState,
  pendingOffer,
  refundedOnCase,
  type CaseState,
} from './state.ts'
import { caseTerminalStatuses, caseTransitions } from './transitions.ts'
import type { CaseDeadlineKind, DecisionOutcome, OfferTerms } from './vocabulary.ts'

const withCases = (policy: Policy, cases: Partial<Policy['cases']>): Policy => ({
  ...policy,
  cases: { ...policy.cases, ...cases },
})

const policies: readonly Policy[] = [
  defaultPolicy,
  ...Object.values(presets),
  withCases(defaultPolicy, { onSellerSilence: 'grant_buyer' }),
  withCases(defaultPolicy, { onSellerSilence: 'none', maxOffersPerCase: 2 }),
]
const kinds: readonly CaseDeadlineKind[] = [
  'seller_response',
  'seller_offer_response',
  'buyer_offer_response',
  'escalation_window',
  'agent_decision_sla',
  'information_request',
  'appeal_window',
  'replacement_delivery',
]
const actors: readonly Actor[] = [
  buyer,
  seller,
  agent,
  agent2,
  strangerBuyer,
  integration,
  scheduler,
]

const termsArb: fc.Arbitrary<OfferTerms> = fc.oneof(
  fc
    .integer({ min: -100, max: 6000 })
    .map((amount) => ({ kind: 'partial_refund', amount: minor(amount) }) as const),
  fc
    .integer({ min: 1, max: 2000 })
    .map((amount) => ({ kind: 'partial_refund', amount: minor(amount) }) as const),
  fc.constantFrom<OfferTerms>(
    { kind: 'full_refund_keep_item' },
    { kind: 'return_and_refund' },
    { kind: 'replacement' },
  ),
)

const decisionArb: fc.Arbitrary<DecisionTerms> = fc
  .record({
    id: fc.constantFrom('decision-1', 'decision-2', 'decision-3'),
    outcome: fc.constantFrom<DecisionOutcome>(
      'refund_full',
      'refund_partial',
      'return_required',
      'replacement',
      'seller_favor',
    ),
    fault: fc.constantFrom<Fault>('seller', 'buyer', 'carrier', 'none', 'force_majeure'),
    amount: fc.oneof(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: -10, max: 6000 })),
    stray: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  })
  .map(({ id, outcome, fault, amount, stray }) => {
    const base = { decisionId: decisionId(id), outcome, fault, rationale: 'On the record.' }
    // Mostly well-formed: an amount for partial refunds only; sometimes a stray one to hit the refusals.
    return (outcome === 'refund_partial') !== stray ? { ...base, amount: minor(amount) } : base
  })

const evidenceId = fc.constantFrom('e-1', 'e-2', 'e-3').map((id) => asId<EvidenceId>(id))

const parties = [buyer, seller] as const
const agents = [agent, agent2] as const
const automation = [integration, scheduler] as const

/** A command with the actors who would normally send it; walks mostly use them, so they get deep into the lifecycle. */
interface Move {
  readonly command: CaseCommand
  readonly by: readonly Actor[]
}

const move = (command: CaseCommand, ...by: readonly Actor[]): Move => ({ command, by })

const fixedMoves: readonly Move[] = [
  move({ type: 'AcceptClaim', resolution: 'refund' }, seller),
  move({ type: 'AcceptClaim', resolution: 'return' }, seller),
  move({ type: 'DisputeClaim', statement: 'As listed.' }, seller),
  move({ type: 'Escalate' }, ...parties),
  move({ type: 'Withdraw' }, buyer),
  move({ type: 'RequestInformation', from: 'buyer', question: 'Photos?' }, ...agents),
  move({ type: 'RequestInformation', from: 'seller', question: 'Tracking?' }, ...agents),
  move({ type: 'ProvideInformation', text: 'Here.' }, ...parties),
  move({ type: 'Appeal', newInformation: 'New facts.' }, ...parties),
  move({ type: 'NoteReturnCompleted' }, ...automation),
  move({ type: 'NoteReturnNotShipped' }, ...automation),
  move({ type: 'NoteReplacementDelivered' }, ...automation),
  move({ type: 'NoteReplacementFailed' }, ...automation),
]

/** Each move equally likely, so walks reach appeals and follow-ups. */
const moveArb: fc.Arbitrary<Move> = fc.oneof(
  ...fixedMoves.map((m) => fc.constant(m)),
  fc
    .record({ n: fc.integer({ min: 1, max: 4 }), terms: termsArb })
    .map(({ n, terms }) => move({ type: 'MakeOffer', offerId: offerId(n), terms }, ...parties)),
  fc
    .integer({ min: 1, max: 4 })
    .map((n) => move({ type: 'AcceptOffer', offerId: offerId(n) }, ...parties)),
  fc
    .integer({ min: 1, max: 4 })
    .map((n) => move({ type: 'DeclineOffer', offerId: offerId(n) }, ...parties)),
  fc
    .constantFrom('agent-1', 'agent-2')
    .map((id) => move({ type: 'AssignCase', agentId: asId<UserId>(id) }, ...agents)),
  {
    weight: 3,
    arbitrary: decisionArb.map((terms) => move({ type: 'Decide', ...terms }, ...agents)),
  },
  {
    weight: 3,
    arbitrary: decisionArb.map((terms) => move({ type: 'DecideAppeal', ...terms }, ...agents)),
  },
  evidenceId.map((id) =>
    move({ type: 'AddEvidence', evidence: { ...photo(), evidenceId: id } }, ...parties, agent),
  ),
  fc.constant(
    move(
      { type: 'PostMessage', messageId: asId<MessageId>('m-1'), body: 'Hello' },
      ...parties,
      agent,
    ),
  ),
)

type Step =
  | CommandStep<CaseCommand>
  /** A button the actor is offered (`availableCaseActions`), pressed with these random details. */
  | {
      readonly kind: 'guided'
      readonly actor: Actor
      readonly pick: number
      readonly details: GuidedDetails
      readonly advanceMinutes: number
    }
  /** Jump to the live deadline and fire it, as the scheduler would, then fire it again. */
  | { readonly kind: 'fire' }
  /** A deadline that is not (or not yet) the live one. */
  | { readonly kind: 'stale'; readonly deadline: CaseDeadlineKind; readonly offsetMinutes: number }

const commandStepArb: fc.Arbitrary<Step> = fc
  .record({
    move: moveArb,
    natural: fc.nat(),
    stranger: fc.constantFrom(...actors),
    anyone: fc.boolean(),
    advanceMinutes: fc.oneof(
      fc.integer({ min: 0, max: 6 * 60 }),
      fc.integer({ min: 0, max: 4 * 24 * 60 }),
    ),
  })
  .map(({ move: m, natural, stranger, anyone, advanceMinutes }) => ({
    kind: 'command' as const,
    command: m.command,
    actor: anyone ? stranger : (m.by[natural % m.by.length] ?? stranger),
    advanceMinutes,
  }))

interface GuidedDetails {
  readonly resolution: 'refund' | 'return'
  readonly offer: number
  readonly terms: OfferTerms
  readonly evidence: EvidenceId
  readonly agentId: UserId
  readonly from: 'buyer' | 'seller'
  readonly decision: DecisionTerms
}

const guidedStepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.constant('guided' as const),
  actor: fc.constantFrom(buyer, seller, agent, agent2),
  pick: fc.nat(),
  details: fc.record({
    resolution: fc.constantFrom('refund' as const, 'return' as const),
    offer: fc.integer({ min: 1, max: 4 }),
    terms: termsArb,
    evidence: evidenceId,
    agentId: fc.constantFrom(asId<UserId>('agent-1'), asId<UserId>('agent-2')),
    from: fc.constantFrom('buyer' as const, 'seller' as const),
    decision: decisionArb,
  }),
  advanceMinutes: fc.integer({ min: 0, max: 12 * 60 }),
})

/** The command behind a button, with the step's details. */
const pressed = (
  action: CaseActionName,
  d: GuidedDetails,
  state: CaseState,
): CaseCommand | null => {
  switch (action) {
    case 'open_case':
      return null
    case 'accept_claim':
      return { type: 'AcceptClaim', resolution: d.resolution }
    case 'dispute_claim':
      return { type: 'DisputeClaim', statement: 'As listed.' }
    case 'make_offer':
      return { type: 'MakeOffer', offerId: offerId(d.offer), terms: d.terms }
    case 'accept_offer':
    case 'decline_offer': {
      const pending = state.status === 'none' ? null : pendingOffer(state)
      if (pending === null) return null
      return {
        type: action === 'accept_offer' ? 'AcceptOffer' : 'DeclineOffer',
        offerId: pending.offerId,
      }
    }
    case 'add_evidence':
      return { type: 'AddEvidence', evidence: { ...photo(), evidenceId: d.evidence } }
    case 'post_message':
      return { type: 'PostMessage', messageId: asId<MessageId>('m-1'), body: 'Hello' }
    case 'escalate':
      return { type: 'Escalate' }
    case 'withdraw':
      return { type: 'Withdraw' }
    case 'assign':
      return { type: 'AssignCase', agentId: d.agentId }
    case 'request_information':
      return { type: 'RequestInformation', from: d.from, question: 'More?' }
    case 'provide_information':
      return { type: 'ProvideInformation', text: 'Here.' }
    case 'decide':
      return { type: 'Decide', ...d.decision }
    case 'appeal':
      return { type: 'Appeal', newInformation: 'New facts.' }
    case 'decide_appeal':
      return { type: 'DecideAppeal', ...d.decision }
    case 'link_swap':
      return {
        type: 'JoinSwap',
        swapId: asId<SwapId>('swap-1'),
        otherCaseId: asId<CaseId>('case-2'),
        rationale: 'Each buyer received the other’s item.',
        fault: 'seller',
      }
  }
}

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: guidedStepArb },
  { weight: 4, arbitrary: commandStepArb },
  { weight: 2, arbitrary: fc.constant({ kind: 'fire' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('stale' as const),
      deadline: fc.constantFrom(...kinds),
      offsetMinutes: fc.integer({ min: -3 * 24 * 60, max: 3 * 24 * 60 }),
    }),
  },
)

const walkArb = fc.record({
  policy: fc.constantFrom(...policies),
  refundable: fc.oneof(fc.constant(4800), fc.integer({ min: 0, max: 4800 })),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 60 }),
  /** Where the walk starts, so that agents' work, appeals and follow-ups get as many steps as negotiation. */
  start: fc.constantFrom('opened', 'escalated', 'decided'),
  firstOutcome: fc.constantFrom<DecisionOutcome>(
    'refund_full',
    'return_required',
    'replacement',
    'seller_favor',
  ),
})

const minutes = (t: Instant, m: number): Instant => addMillis(t, m * 60_000)

interface Walk {
  state: CaseState
  world: CaseWorld
  now: Instant
  seen: CaseEvent[]
}

/**
 * Decides a command in the walk and applies what it decided: each status move
 * checked against the table, each refund against what is still refundable.
 * `null` when refused.
 */
const apply = (walk: Walk, command: CaseCommand, actor: Actor): readonly CaseEvent[] | null => {
  const context = caseContext(walk.world, actor, walk.now)
  const stepped = decideWithinTable(
    caseDecider,
    caseTransitions,
    command,
    walk.state,
    context,
    (_from, _to, event) => {
      if (event.type === 'RefundDue') {
        expect(event.data.amount).toBeGreaterThan(0)
        expect(event.data.amount).toBeLessThanOrEqual(walk.world.refundable)
        const { lines, shipping, tax } = event.data.allocation
        expect(lines.reduce((s, l) => s + l.amount, 0) + shipping + tax).toBe(event.data.amount)
        walk.world = { ...walk.world, refundable: minor(walk.world.refundable - event.data.amount) }
      }
      if (event.type === 'OfferMade' && event.data.terms.kind === 'partial_refund') {
        expect(event.data.terms.amount).toBeGreaterThan(0)
        expect(event.data.terms.amount).toBeLessThanOrEqual(walk.world.refundable)
      }
      walk.seen.push(event)
    },
  )
  if (stepped === null) return null
  walk.state = stepped.state
  if (walk.state.status !== 'none') {
    expect(refundedOnCase(walk.state)).toBeLessThanOrEqual(walk.state.claimedAmount)
  }
  return stepped.events
}

const decide = (walk: Walk, command: CaseCommand, actor: Actor) =>
  decideCase(command, walk.state, caseContext(walk.world, actor, walk.now))

describe('case decider properties', () => {
  it('random walks stay in the table, keep money within what is refundable, and treat deadlines exactly once', () => {
    fc.assert(
      fc.property(walkArb, fc.nat(), ({ policy, refundable, steps, start, firstOutcome }, pick) => {
        const opened = daysAfter(wednesday, 1)
        const walk: Walk = {
          state: initialCaseState,
          world: aWorld({ policy, refundable: minor(refundable) }),
          now: opened,
          seen: [],
        }
        const first = apply(
          walk,
          openCase({ reason: policy.cases.coveredReasons[0] ?? 'not_received' }),
          buyer,
        )
        expect(first).not.toBeNull()
        const prelude: [Actor, CaseCommand][] = [
          [seller, { type: 'DisputeClaim', statement: 'As listed.' }],
          [buyer, { type: 'Escalate' }],
          [
            agent,
            {
              type: 'Decide',
              decisionId: decisionId(),
              outcome: firstOutcome,
              fault: 'seller',
              rationale: 'On the record.',
            },
          ],
        ]
        for (const [actor, command] of prelude.slice(
          0,
          start === 'opened' ? 0 : start === 'escalated' ? 2 : 3,
        )) {
          walk.now = minutes(walk.now, 60)
          apply(walk, command, actor)
        }

        for (const step of steps) {
          if (step.kind === 'command') {
            walk.now = minutes(walk.now, step.advanceMinutes)
            apply(walk, step.command, step.actor)
          } else if (step.kind === 'guided') {
            walk.now = minutes(walk.now, step.advanceMinutes)
            // Buttons that move the case on; evidence, messages and withdrawal come from the plain command steps.
            const offered = availableCaseActions(walk.state, step.actor, {
              ...walk.world,
              now: walk.now,
            }).filter((a) => !['add_evidence', 'post_message', 'withdraw'].includes(a.action))
            const action = offered[step.pick % Math.max(1, offered.length)]
            const command =
              action === undefined ? null : pressed(action.action, step.details, walk.state)
            if (command !== null) apply(walk, command, step.actor)
          } else if (step.kind === 'fire') {
            const fired = fireLiveDeadline(activeCaseDeadline(walk.state), walk.now)
            if (fired === null) continue
            walk.now = fired.now
            const events = apply(walk, fired.command, scheduler)
            expect(events).not.toBeNull()
            expect(events?.length).toBeGreaterThan(0)
            expect(decide(walk, fired.command, scheduler)).toEqual([])
          } else {
            const live = activeCaseDeadline(walk.state)
            const dueAt = minutes(live?.dueAt ?? walk.now, step.offsetMinutes)
            const isLive =
              live !== null &&
              live.kind === step.deadline &&
              toMillis(dueAt) === toMillis(live.dueAt)
            if (!isLive) expect(decide(walk, expire(step.deadline, dueAt), scheduler)).toEqual([])
            if (live !== null && isBefore(walk.now, live.dueAt)) {
              expect(decide(walk, expire(live.kind, live.dueAt), scheduler)).toEqual([])
            }
          }

          expectNoDeadlineWhenTerminal(
            caseTerminalStatuses,
            walk.state.status,
            activeCaseDeadline(walk.state),
          )
          // `evolve` is total: a fact from elsewhere in the walk never throws on this state.
          const stray = walk.seen[pick % Math.max(1, walk.seen.length)]
          if (stray !== undefined) expect(() => evolveCase(walk.state, stray)).not.toThrow()
          // The actions offered are exactly ones the decider accepts (spot check: no action on a closed case).
          if (walk.state.status === 'closed') {
            for (const actor of [buyer, seller, agent]) {
              expect(
                availableCaseActions(walk.state, actor, { ...walk.world, now: walk.now }),
              ).toEqual([])
            }
          }
        }
      }),
      { numRuns: 400 },
    )
  })

  it('a live deadline is the only one that acts, and only once it is due', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...policies),
        fc.constantFrom(...kinds),
        fc.integer({ min: 1, max: 10_000 }),
        (policy, kind, early) => {
          const world = aWorld({ policy })
          const opened = daysAfter(wednesday, 1)
          const first = decideCase(
            openCase({ reason: policy.cases.coveredReasons[0] ?? 'not_received' }),
            initialCaseState,
            caseContext(world, buyer, opened),
          )
          if (isRefused(first)) throw new Error('fixture: the case must open')
          const state = first.reduce(evolveCase, initialCaseState)
          const live = activeCaseDeadline(state)
          if (live === null) return
          const tooEarly = minutes(live.dueAt, -early)
          expect(
            decideCase(
              expire(live.kind, live.dueAt),
              state,
              caseContext(world, scheduler, tooEarly),
            ),
          ).toEqual([])
          if (kind !== live.kind)
            expect(
              decideCase(
                expire(kind, live.dueAt),
                state,
                caseContext(world, scheduler, live.dueAt),
              ),
            ).toEqual([])
        },
      ),
    )
  })
})
