/**
 * Builders for case tests. A fixed clock on the order fixtures' week:
 * bought Monday 2026-11-23, delivered Wednesday 2026-11-25 14:00 UTC
 * (09:00 New York, 06:00 Los Angeles); one 40.00 USD line + 5.00 shipping +
 * 3.00 tax = 48.00.
 */
import { defaultPolicy } from '../../policy/presets.ts'
import { instant, type Instant } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import type { CaseReason } from '../../policy/vocabulary.ts'
import {
  anOrder,
  daysAfter,
  monday,
  orderDelivered,
  orderFrom,
  orderShipped,
  type OrderImportedData,
} from '../order/fixtures.ts'
import type { OrderEvent } from '../order/events.ts'
import type { Order } from '../order/state.ts'
import type { Actor } from '../shared/actor.ts'
import { fold, isRefused } from '../shared/decider.ts'
import {
  asId,
  type CaseId,
  type EvidenceId,
  type MessageId,
  type OfferId,
  type UserId,
} from '../shared/ids.ts'
import { minor, type Minor } from '../shared/money.ts'
import type {
  CaseCommand,
  Decide,
  DecideAppeal,
  DecisionTerms,
  ExpireCaseDeadline,
  MakeOffer,
  OpenCase,
} from './commands.ts'
import type { CaseDeadlineKind } from './vocabulary.ts'
import { decideCase, type CaseContext } from './decide.ts'
import type { CaseEvent } from './events.ts'
import { evolveCase, initialCaseState, type CaseState } from './state.ts'
import type { DecisionId, EvidenceRef, OfferTerms } from './vocabulary.ts'

import { scheduler } from '../order/fixtures.ts'
import { activeCaseDeadline } from './deadline.ts'

export {
  buyer,
  seller,
  agent,
  scheduler,
  integration,
  strangerBuyer,
  admin,
  buyerId,
  sellerId,
  caseId,
  daysAfter,
  hoursAfter,
  monday,
} from '../order/fixtures.ts'

export const agent2: Actor = { kind: 'agent', id: asId<UserId>('agent-2') }
export const agent2Id = asId<UserId>('agent-2')
export const agentId = asId<UserId>('agent-1')

/** Wednesday 2026-11-25 14:00 UTC: the parcel arrives. */
export const wednesday = instant('2026-11-25T14:00:00Z')
/** Friday 2026-11-27 14:00 UTC (09:00 New York): a weekend follows. */
export const friday = instant('2026-11-27T14:00:00Z')

/** The order, shipped Tuesday and delivered at `deliveredAt` (Wednesday by default). */
export const deliveredOrder = (
  deliveredAt: Instant = wednesday,
  overrides: Partial<OrderImportedData> = {},
): Order =>
  orderFrom(anOrder(overrides), orderShipped(daysAfter(monday, 1)), orderDelivered(deliveredAt))

/** The order shipped but never delivered; its estimated delivery date is given. */
export const undeliveredOrder = (
  estimatedDeliveryAt: Instant,
  ...more: readonly OrderEvent[]
): Order => orderFrom(anOrder({ estimatedDeliveryAt }), orderShipped(daysAfter(monday, 1)), ...more)

/** What the application passes besides time and actor. */
export interface CaseWorld {
  readonly policy: Policy
  readonly order: Order
  readonly refundable: Minor
  readonly openCaseId?: CaseId
}

export const aWorld = (overrides: Partial<CaseWorld> = {}): CaseWorld => {
  const order = overrides.order ?? deliveredOrder()
  return { policy: defaultPolicy, refundable: order.total, ...overrides, order }
}

export const caseContext = (world: CaseWorld, actor: Actor, now: Instant): CaseContext => ({
  ...world,
  meta: { actor, now },
})

export const photo = (id = 'photo-1'): EvidenceRef => ({
  evidenceId: asId<EvidenceId>(id),
  kind: 'file',
  file: { sha256: 'a'.repeat(64), mediaType: 'image/jpeg', size: 120_000, name: `${id}.jpg` },
})

export const measured = (id = 'measurements-1'): EvidenceRef => ({
  evidenceId: asId<EvidenceId>(id),
  kind: 'measurements',
  measurements: { chest: '52 cm', length: '98 cm' },
  note: 'As in the listing.',
})

export const openCase = (overrides: Partial<OpenCase> = {}): OpenCase => ({
  type: 'OpenCase',
  caseId: asId<CaseId>('case-1'),
  reason: 'not_as_described',
  desiredOutcome: 'full_refund',
  description: 'The coat is two sizes smaller than listed.',
  evidence: [photo()],
  ...overrides,
})

export const openFor = (reason: CaseReason, overrides: Partial<OpenCase> = {}): OpenCase =>
  openCase({ reason, ...overrides })

export const offerId = (n = 1): OfferId => asId<OfferId>(`offer-${n}`)
export const partialRefund = (amount: number): OfferTerms => ({
  kind: 'partial_refund',
  amount: minor(amount),
})

export const makeOffer = (terms: OfferTerms, n = 1): MakeOffer => ({
  type: 'MakeOffer',
  offerId: offerId(n),
  terms,
})

export const decisionId = (id = 'decision-1'): DecisionId => asId<DecisionId>(id)

const terms = (overrides: Partial<DecisionTerms>): DecisionTerms => ({
  decisionId: decisionId(),
  outcome: 'refund_full',
  fault: 'seller',
  rationale: 'The photos show a smaller coat than the listing measurements.',
  ...overrides,
})

export const decide = (overrides: Partial<DecisionTerms> = {}): Decide => ({
  type: 'Decide',
  ...terms(overrides),
})

export const decideAppeal = (overrides: Partial<DecisionTerms> = {}): DecideAppeal => ({
  type: 'DecideAppeal',
  ...terms({ decisionId: decisionId('decision-2'), ...overrides }),
})

export const expire = (kind: CaseDeadlineKind, dueAt: Instant): ExpireCaseDeadline => ({
  type: 'ExpireDeadline',
  kind,
  dueAt,
})

export const message = (body: string, id = 'message-1') =>
  ({ type: 'PostMessage', messageId: asId<MessageId>(id), body }) as const

/**
 * A case history built by playing commands through the decider, so the
 * `given` events of a spec are always ones the decider would emit. Refunds
 * shrink `world.refundable` as the ledger would.
 */
export interface Story {
  readonly world: CaseWorld
  readonly events: readonly CaseEvent[]
  readonly state: CaseState
  /** Plays `command` by `actor` at `at`; throws if refused (a broken fixture). */
  readonly act: (actor: Actor, at: Instant, command: CaseCommand) => Story
  readonly context: (actor: Actor, at: Instant) => CaseContext
}

const refunded = (events: readonly CaseEvent[]): number =>
  events.reduce((sum, e) => sum + (e.type === 'RefundDue' ? e.data.amount : 0), 0)

export const story = (world: CaseWorld = aWorld(), events: readonly CaseEvent[] = []): Story => {
  const state = fold(evolveCase, initialCaseState, events)
  return {
    world,
    events,
    state,
    context: (actor, at) => caseContext(world, actor, at),
    act: (actor, at, command) => {
      const decision = decideCase(command, state, caseContext(world, actor, at))
      if (isRefused(decision)) {
        throw new Error(
          `story: ${command.type} by ${actor.kind} was refused: ${JSON.stringify(decision.refused)}`,
        )
      }
      const refundable = minor(world.refundable - refunded(decision))
      return story({ ...world, refundable }, [...events, ...decision])
    },
  }
}

/** The scheduler fires the live deadline when it is due; throws if there is none (a broken fixture). */
export const fire = (s: Story): Story => {
  const live = activeCaseDeadline(s.state)
  if (live === null) throw new Error(`fire: no live deadline in status ${s.state.status}`)
  return s.act(scheduler, live.dueAt, expire(live.kind, live.dueAt))
}
