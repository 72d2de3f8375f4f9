import { addDuration, isBefore, toMillis } from '../../policy/time.ts'
import type { Case } from '../case/state.ts'
import type { ActorKind } from '../shared/actor.ts'
import type { CommandMeta, Decision, ExpireDeadline } from '../shared/decider.ts'
import { byCommandType, reject } from '../shared/decider.ts'
import { asId, type UserId } from '../shared/ids.ts'
import type { LinkSwap, MarkSwapLegDelivered, ShipSwapLeg, SwapCommand } from './commands.ts'
import type { SwapDeadlineKind } from './deadline.ts'
import { activeSwapDeadline } from './deadline.ts'
import type { SwapEvent, SwapLegName, SwapLegTerms } from './events.ts'
import type { SwapRejection } from './rejections.ts'
import { pairSwapRefusal, swapFault } from './rules.ts'
import type { Swap, SwapLegStatus, SwapState, SwapStatus } from './state.ts'
import { legOf } from './state.ts'

/**
 * What `decide` needs besides the command: time and actor, and for
 * `LinkSwap` the two cases, first the one the agent links from. Each leg's
 * ship-by comes from its sender's frozen case policy.
 */
export interface SwapContext {
  readonly meta: CommandMeta
  readonly cases?: readonly [Case, Case]
}

export type SwapDecision = Decision<SwapEvent, SwapRejection>

const refuse = (r: SwapRejection): SwapDecision => reject(r)

const blank = (s: string | undefined): boolean => s === undefined || s.trim() === ''

const onlyActors = (ctx: SwapContext, allowed: readonly ActorKind[]): SwapRejection | null =>
  allowed.includes(ctx.meta.actor.kind)
    ? null
    : { code: 'ACTOR_NOT_ALLOWED', actorKind: ctx.meta.actor.kind, allowed }

const inStatus = (state: SwapState, allowed: readonly SwapStatus[]): Swap | SwapRejection => {
  if (state.status === 'none') return { code: 'SWAP_NOT_FOUND' }
  return allowed.includes(state.status)
    ? state
    : { code: 'SWAP_STATUS_CONFLICT', status: state.status, allowed }
}

const legInStatus = (
  s: Swap,
  leg: SwapLegName,
  allowed: readonly SwapLegStatus[],
): SwapRejection | null => {
  const { status } = legOf(s, leg)
  return allowed.includes(status)
    ? null
    : { code: 'SWAP_LEG_STATUS_CONFLICT', leg, status, allowed }
}

/** Why `command` may not link these cases (before the app buys any label), or `null`. */
export const linkSwapRefusal = (
  command: Pick<LinkSwap, 'rationale'>,
  ctx: SwapContext,
): SwapRejection | null => {
  const refused = onlyActors(ctx, ['agent'])
  if (refused) return refused
  if (ctx.cases === undefined)
    return { code: 'INVALID_SWAP', field: 'cases', problem: 'two cases are needed' }
  const [a, b] = ctx.cases
  const pair = pairSwapRefusal(a, b)
  if (pair) return pair
  return blank(command.rationale) ? { code: 'RATIONALE_REQUIRED' } : null
}

const link = (c: LinkSwap, state: SwapState, ctx: SwapContext): SwapDecision => {
  if (state.status !== 'none')
    return state.swapId === c.swapId ? [] : refuse({ code: 'SWAP_EXISTS', swapId: state.swapId })
  const refused = linkSwapRefusal(c, ctx)
  if (refused) return refuse(refused)
  if (ctx.cases === undefined) return refuse({ code: 'SWAP_NOT_FOUND' })
  const [a, b] = ctx.cases
  for (const leg of ['a', 'b'] as const) {
    const { rma, label } = c.labels[leg]
    if (blank(rma))
      return refuse({ code: 'INVALID_SWAP', field: `labels.${leg}.rma`, problem: 'it is empty' })
    if (blank(label.carrier) || blank(label.trackingNumber))
      return refuse({
        code: 'INVALID_SWAP',
        field: `labels.${leg}`,
        problem: 'a label needs a carrier and a tracking number',
      })
    if (!Number.isSafeInteger(label.cost) || label.cost < 0)
      return refuse({
        code: 'INVALID_SWAP',
        field: `labels.${leg}.cost`,
        problem: 'costs are non-negative whole numbers of minor units',
      })
  }
  const { now } = ctx.meta
  const legTerms = (leg: SwapLegName, from: Case, to: Case): SwapLegTerms => ({
    leg,
    caseId: from.caseId,
    orderId: from.orderId,
    fromBuyerId: from.buyerId,
    toBuyerId: to.buyerId,
    toCaseId: to.caseId,
    toOrderId: to.orderId,
    rma: c.labels[leg].rma.trim(),
    currency: from.currency,
    label: c.labels[leg].label,
    shipBy: addDuration(now, from.policy.returns.buyerShipBy, from.policy.calendar),
  })
  return [
    {
      type: 'SwapLinked',
      data: {
        swapId: c.swapId,
        agentId: asId<UserId>(ctx.meta.actor.id),
        rationale: c.rationale.trim(),
        fault: c.fault ?? swapFault(a, b),
        legs: [legTerms('a', a, b), legTerms('b', b, a)],
        at: now,
      },
    },
  ]
}

const ship = (c: ShipSwapLeg, state: SwapState, ctx: SwapContext): SwapDecision => {
  if (state.status === 'none') return refuse({ code: 'SWAP_NOT_FOUND' })
  const refused = onlyActors(ctx, ['buyer', 'integration', 'admin'])
  if (refused) return refuse(refused)
  const leg = legOf(state, c.leg)
  const { actor, now } = ctx.meta
  if (actor.kind === 'buyer' && actor.id !== leg.fromBuyerId)
    return refuse({ code: 'NOT_A_PARTY', required: 'sender' })
  const carrier = blank(c.carrier) ? leg.label.carrier : (c.carrier ?? '').trim()
  const trackingNumber = blank(c.trackingNumber)
    ? leg.label.trackingNumber
    : (c.trackingNumber ?? '').trim()
  // A repeated scan of the same parcel changes nothing.
  if (leg.status !== 'label_issued' && leg.shipment?.trackingNumber === trackingNumber) return []
  const s = inStatus(state, ['linked'])
  if ('code' in s) return refuse(s)
  const wrongLeg = legInStatus(s, c.leg, ['label_issued'])
  if (wrongLeg) return refuse(wrongLeg)
  return [
    {
      type: 'SwapLegShipped',
      data: {
        swapId: s.swapId,
        leg: c.leg,
        carrier,
        trackingNumber,
        late: isBefore(leg.shipBy, now),
        at: now,
      },
    },
  ]
}

/**
 * A parcel arrived. The second delivery completes the swap. A parcel still
 * on its way when the swap failed is recorded for the agents, and changes
 * nothing else.
 */
const deliver = (c: MarkSwapLegDelivered, state: SwapState, ctx: SwapContext): SwapDecision => {
  if (state.status === 'none') return refuse({ code: 'SWAP_NOT_FOUND' })
  const refused = onlyActors(ctx, ['buyer', 'integration', 'admin'])
  if (refused) return refuse(refused)
  const leg = legOf(state, c.leg)
  const { actor, now } = ctx.meta
  if (actor.kind === 'buyer' && actor.id !== leg.toBuyerId)
    return refuse({ code: 'NOT_A_PARTY', required: 'recipient' })
  // A repeated delivery scan changes nothing.
  if (leg.status === 'delivered') return []
  if (state.status === 'failed' && leg.status === 'in_transit')
    return [{ type: 'SwapLegDelivered', data: { swapId: state.swapId, leg: c.leg, at: now } }]
  const s = inStatus(state, ['linked'])
  if ('code' in s) return refuse(s)
  const delivered: SwapEvent = {
    type: 'SwapLegDelivered',
    data: { swapId: s.swapId, leg: c.leg, at: now },
  }
  const other = legOf(s, c.leg === 'a' ? 'b' : 'a')
  return other.status === 'delivered'
    ? [delivered, { type: 'SwapCompleted', data: { swapId: s.swapId, at: now } }]
    : [delivered]
}

/** A fired deadline acts only when it is the live one and due; anything else is stale and changes nothing. */
const expireDeadline = (
  c: ExpireDeadline<SwapDeadlineKind>,
  state: SwapState,
  ctx: SwapContext,
): SwapDecision => {
  const live = activeSwapDeadline(state)
  const { now } = ctx.meta
  if (state.status !== 'linked' || live === null) return []
  if (live.kind !== c.kind || toMillis(live.dueAt) !== toMillis(c.dueAt)) return []
  if (isBefore(now, live.dueAt)) return []
  const missed = state.legs
    .filter((l) => l.status === 'label_issued' && !isBefore(now, l.shipBy))
    .map((l) => l.leg)
  return [
    {
      type: 'SwapFailed',
      data: { swapId: state.swapId, reason: 'leg_not_shipped', legs: missed, at: now },
    },
  ]
}

/** Decides a swap command: the new facts, or a refusal with its data. Pure: time, actor and the cases come in. */
export const decideSwap: (
  command: SwapCommand,
  state: SwapState,
  ctx: SwapContext,
) => SwapDecision = byCommandType({
  LinkSwap: link,
  ShipSwapLeg: ship,
  MarkSwapLegDelivered: deliver,
  ExpireDeadline: expireDeadline,
})
