import type { DecisionId } from '../domain/case/vocabulary.ts'
import type { ListingSnapshot } from '../domain/order/events.ts'
import type { Actor } from '../domain/shared/actor.ts'
import type { OfferId, UserId } from '../domain/shared/ids.ts'
import { minor } from '../domain/shared/money.ts'
import type { Instant } from '../policy/time.ts'
import { addHours, instant } from '../policy/time.ts'
import type { OrderScript } from './behaviour.ts'
import type { SimEngine } from './engine.ts'
import { simId } from './engine.ts'

/**
 * A hand-built history for one seller, played through an engine (the
 * deciders in memory, or the real app). The scorecard tests compute its
 * figures by hand for every preset. "Now" is Monday 2 March 2026, 12:00 UTC.
 *
 * | group | purchased | orders | what happens |
 * |---|---|---|---|
 * | A | now − 10 d | a0…a39 | all ship +1 d and arrive +3 d, except: a0 ships +3 d (late; ship-by is +2 d) and arrives +5 d; a1 has an unreadable tracking number; a2 arrives 9 d after shipping (after the estimate, +7 d) |
 * | B | now − 45 d | b0…b4 | b0: the seller cancels (out of stock); b1: the buyer cancels at once (order mistake); b2: not as described, the seller offers $10 two hours later and the buyer accepts two hours after that; b3: damaged, the seller never answers, the case escalates and an agent decides a full refund at the seller's fault a day later; b4: doesn't fit, the seller disputes within hours, the buyer escalates, an agent decides for the seller |
 * | C | now − 75 d | c0, c1 | c0 ships +4 d (late) and arrives +6 d; c1 is uneventful |
 */
export const FIXTURE_NOW = instant('2026-03-02T12:00:00.000Z')
export const FIXTURE_SELLER = 'seller-fx'
export const FIXTURE_BUYER = 'buyer-fx'

const DAY = 24

const listing: ListingSnapshot = {
  listingId: 'lst-fx-1',
  title: 'Wool overcoat, charcoal',
  description: 'Good used condition, worn one winter; small mark inside the collar.',
  photos: ['https://img.example/fx-1.jpg', 'https://img.example/fx-2.jpg'],
  category: 'apparel/jackets',
  condition: 'good',
  size: 'M',
}

const script = (
  ref: string,
  purchasedAt: Instant,
  trackingNumber = '9400111899223344556677',
): OrderScript => ({
  index: 0,
  externalRef: `fx-${ref}`,
  buyerId: FIXTURE_BUYER,
  sellerId: FIXTURE_SELLER,
  purchasedAt,
  handlingDays: 2,
  lines: [{ lineId: 'line-1', quantity: 1, unitPrice: 5000, listing }],
  shippingAmount: 0,
  total: 5000,
  buyerCancel: null,
  sellerAnswer: { kind: 'approve', afterHours: 1 },
  sellerCancel: null,
  rightAfterHours: null,
  shipAfterHours: 24,
  carrier: 'USPS',
  trackingNumber,
  transitHours: 48,
  acceptAfterHours: null,
  claim: null,
})

export interface Action {
  readonly at: Instant
  readonly name: string
  readonly run: (
    e: SimEngine,
    ids: Map<string, string>,
  ) => Promise<{ ok: boolean; code?: string; id?: string } | null>
}

const buyer: Actor = { kind: 'buyer', id: FIXTURE_BUYER as UserId }
const seller: Actor = { kind: 'seller', id: FIXTURE_SELLER as UserId }
const agent: Actor = { kind: 'agent', id: 'agent-fx' as UserId }
const integration: Actor = { kind: 'integration', id: 'fixture' }

const need = (ids: Map<string, string>, key: string): string | null => ids.get(key) ?? null

/** The fixture's commands, each at its time. */
const actions = (): Action[] => {
  const list: Action[] = []
  const order = (
    ref: string,
    purchasedAt: Instant,
    opts: { ship?: number; deliver?: number | null; tracking?: string } = {},
  ) => {
    const s = script(ref, purchasedAt, opts.tracking)
    list.push({ at: purchasedAt, name: `${ref}:import`, run: (e) => e.importOrder(purchasedAt, s) })
    if (opts.ship === undefined) return
    const shipAt = addHours(purchasedAt, opts.ship * DAY)
    list.push({
      at: shipAt,
      name: `${ref}:ship`,
      run: async (e, ids) => {
        const id = need(ids, `${ref}:import`)
        return id === null
          ? null
          : e.orderCommand(shipAt, seller, id, {
              type: 'ShipOrder',
              carrier: 'USPS',
              trackingNumber: s.trackingNumber,
            })
      },
    })
    if (opts.deliver === undefined || opts.deliver === null) return
    const deliverAt = addHours(purchasedAt, opts.deliver * DAY)
    list.push({
      at: deliverAt,
      name: `${ref}:deliver`,
      run: async (e, ids) => {
        const id = need(ids, `${ref}:import`)
        return id === null
          ? null
          : e.orderCommand(deliverAt, integration, id, { type: 'MarkDelivered' })
      },
    })
  }
  const A = addHours(FIXTURE_NOW, -10 * DAY)
  const B = addHours(FIXTURE_NOW, -45 * DAY)
  const C = addHours(FIXTURE_NOW, -75 * DAY)
  for (let i = 0; i < 40; i++) {
    if (i === 0) order('a0', A, { ship: 3, deliver: 5 })
    else if (i === 1) order('a1', A, { ship: 1, deliver: 3, tracking: '12345' })
    else if (i === 2) order('a2', A, { ship: 1, deliver: 10 })
    else order(`a${i}`, A, { ship: 1, deliver: 3 })
  }
  order('c0', C, { ship: 4, deliver: 6 })
  order('c1', C, { ship: 1, deliver: 3 })

  // b0: the seller cancels two hours after purchase.
  order('b0', B)
  const b0at = addHours(B, 2)
  list.push({
    at: b0at,
    name: 'b0:cancel',
    run: async (e, ids) => {
      const id = need(ids, 'b0:import')
      return id === null ? null : e.startCancellation(b0at, seller, id, 'out_of_stock')
    },
  })
  // b1: the buyer cancels half an hour after purchase (eBay: the seller approves half an hour later).
  order('b1', B)
  const b1at = addHours(B, 0.5)
  list.push({
    at: b1at,
    name: 'b1:cancel',
    run: async (e, ids) => {
      const id = need(ids, 'b1:import')
      return id === null ? null : e.startCancellation(b1at, buyer, id, 'order_mistake')
    },
  })
  const b1approve = addHours(B, 1)
  list.push({
    at: b1approve,
    name: 'b1:approve',
    run: async (e, ids) => {
      const id = need(ids, 'b1:cancel')
      if (id === null) return null
      const c = await e.cancellation(id)
      return c?.status === 'requested'
        ? e.cancellationCommand(b1approve, seller, id, { type: 'ApproveCancellation' })
        : null
    },
  })
  // b2–b4: shipped +1 d, delivered +3 d, a case opened +4 d.
  const opened = addHours(B, 4 * DAY)
  const claim = (ref: string, reason: 'not_as_described' | 'damaged' | 'doesnt_fit') => {
    order(ref, B, { ship: 1, deliver: 3 })
    list.push({
      at: opened,
      name: `${ref}:case`,
      run: async (e, ids) => {
        const id = need(ids, `${ref}:import`)
        return id === null
          ? null
          : e.openCase(opened, buyer, id, {
              reason,
              desiredOutcome: reason === 'doesnt_fit' ? 'return_and_refund' : 'full_refund',
              description: `Fixture claim: ${reason}.`,
              photo: { sha256: `${ref}`.padEnd(64, '0').replace(/[^0-9a-f]/g, 'a') },
            })
      },
    })
  }
  const caseAction = (
    name: string,
    at: Instant,
    ref: string,
    actor: Actor,
    command: Parameters<SimEngine['caseCommand']>[3],
  ) =>
    list.push({
      at,
      name,
      run: async (e, ids) => {
        const id = need(ids, `${ref}:case`)
        return id === null ? null : e.caseCommand(at, actor, id, command)
      },
    })
  claim('b2', 'not_as_described')
  caseAction('b2:offer', addHours(opened, 2), 'b2', seller, {
    type: 'MakeOffer',
    offerId: simId<OfferId>('fx-offer-b2'),
    terms: { kind: 'partial_refund', amount: minor(1000) },
  })
  caseAction('b2:accept', addHours(opened, 4), 'b2', buyer, {
    type: 'AcceptOffer',
    offerId: simId<OfferId>('fx-offer-b2'),
  })
  claim('b3', 'damaged')
  claim('b4', 'doesnt_fit')
  caseAction('b4:dispute', addHours(opened, 5), 'b4', seller, {
    type: 'DisputeClaim',
    statement: 'Measurements were in the listing.',
  })
  caseAction('b4:escalate', addHours(opened, DAY), 'b4', buyer, {
    type: 'Escalate',
    statement: 'It does not fit.',
  })
  caseAction('b4:decide', addHours(opened, 2 * DAY), 'b4', agent, {
    type: 'Decide',
    decisionId: simId<DecisionId>('fx-decision-b4'),
    outcome: 'seller_favor',
    fault: 'buyer',
    rationale: 'Fit is not covered as a defect; the listing gave the size.',
  })
  // b3: the seller is silent; every preset escalates it within 72 h (Walmart: 48 h); an agent decides 6 h later.
  caseAction('b3:decide', addHours(opened, 78), 'b3', agent, {
    type: 'Decide',
    decisionId: simId<DecisionId>('fx-decision-b3'),
    outcome: 'refund_full',
    fault: 'seller',
    rationale: 'Damage shown in the photo; the seller did not answer.',
  })
  return list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
}

export interface FixtureRun {
  /** Aggregate ids by action name (`b3:case` → the case id). */
  readonly ids: ReadonlyMap<string, string>
  /** Commands the policy refused, `name:CODE`. */
  readonly refusals: readonly string[]
}

/**
 * Plays the fixture in time order; before each command the engine fires the
 * deadlines due by then. Deadlines keep firing up to `FIXTURE_NOW`.
 */
export const playFixture = (engine: SimEngine): Promise<FixtureRun> =>
  playActions(engine, actions(), FIXTURE_NOW)

/** Plays timed commands in time order, firing due deadlines before each, then up to `until`. */
export const playActions = async (
  engine: SimEngine,
  list: readonly Action[],
  until: Instant,
): Promise<FixtureRun> => {
  const ids = new Map<string, string>()
  const refusals: string[] = []
  const sorted = [...list].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
  for (const action of sorted) {
    await engine.advanceTo(action.at)
    const result = await action.run(engine, ids)
    if (result === null) continue
    if (result.ok && result.id !== undefined) ids.set(action.name, result.id)
    if (!result.ok) refusals.push(`${action.name}:${result.code ?? '?'}`)
  }
  await engine.advanceTo(until)
  return { ids, refusals }
}

/** How a generated case goes (property tests). */
export type CaseStory =
  | { readonly kind: 'none' }
  /** The seller never answers; the case escalates; an agent decides at the seller's fault. */
  | { readonly kind: 'lost_silent' }
  /** The seller disputes; the buyer escalates; an agent decides at the seller's fault. */
  | { readonly kind: 'lost_disputed' }
  /** The seller disputes; the buyer escalates; an agent decides for the seller. */
  | { readonly kind: 'won' }
  /** The seller offers `offerAfterHours` after opening; the buyer accepts `acceptAfterHours` after opening. */
  | {
      readonly kind: 'settled'
      readonly offerAfterHours: number
      readonly acceptAfterHours: number
    }

/** One delivered order (shipped +1 d, delivered +3 d) with a not-as-described case opened +4 d that goes as `story` says. */
export const orderWithCase = (ref: string, purchasedAt: Instant, story: CaseStory): Action[] => {
  const s = script(ref, purchasedAt)
  const at = (hours: number) => addHours(purchasedAt, hours)
  const list: Action[] = [
    { at: purchasedAt, name: `${ref}:import`, run: (e) => e.importOrder(purchasedAt, s) },
    {
      at: at(DAY),
      name: `${ref}:ship`,
      run: async (e, ids) => {
        const id = need(ids, `${ref}:import`)
        return id === null
          ? null
          : e.orderCommand(at(DAY), seller, id, {
              type: 'ShipOrder',
              carrier: 'USPS',
              trackingNumber: s.trackingNumber,
            })
      },
    },
    {
      at: at(3 * DAY),
      name: `${ref}:deliver`,
      run: async (e, ids) => {
        const id = need(ids, `${ref}:import`)
        return id === null
          ? null
          : e.orderCommand(at(3 * DAY), integration, id, { type: 'MarkDelivered' })
      },
    },
  ]
  if (story.kind === 'none') return list
  const opened = 4 * DAY
  list.push({
    at: at(opened),
    name: `${ref}:case`,
    run: async (e, ids) => {
      const id = need(ids, `${ref}:import`)
      return id === null
        ? null
        : e.openCase(at(opened), buyer, id, {
            reason: 'not_as_described',
            desiredOutcome: 'full_refund',
            description: 'Not as described.',
            photo: { sha256: 'c'.repeat(64) },
          })
    },
  })
  const onCase = (
    name: string,
    hours: number,
    actor: Actor,
    command: Parameters<SimEngine['caseCommand']>[3],
  ) =>
    list.push({
      at: at(opened + hours),
      name: `${ref}:${name}`,
      run: async (e, ids) => {
        const id = need(ids, `${ref}:case`)
        return id === null ? null : e.caseCommand(at(opened + hours), actor, id, command)
      },
    })
  const decide = (hours: number, outcome: 'refund_full' | 'seller_favor') =>
    onCase('decide', hours, agent, {
      type: 'Decide',
      decisionId: simId<DecisionId>('decision', ref),
      outcome,
      fault: outcome === 'refund_full' ? 'seller' : 'buyer',
      rationale: 'Property test decision.',
    })
  switch (story.kind) {
    case 'lost_silent':
      decide(78, 'refund_full')
      break
    case 'lost_disputed':
    case 'won':
      onCase('dispute', 2, seller, { type: 'DisputeClaim', statement: 'As described.' })
      onCase('escalate', 6, buyer, { type: 'Escalate', statement: 'It is not.' })
      decide(12, story.kind === 'won' ? 'seller_favor' : 'refund_full')
      break
    case 'settled':
      onCase('offer', story.offerAfterHours, seller, {
        type: 'MakeOffer',
        offerId: simId<OfferId>('offer', ref),
        terms: { kind: 'partial_refund', amount: minor(1500) },
      })
      onCase('accept', story.acceptAfterHours, buyer, {
        type: 'AcceptOffer',
        offerId: simId<OfferId>('offer', ref),
      })
      break
  }
  return list
}
