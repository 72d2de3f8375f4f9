/** Builders for ledger tests, on the order fixtures' fixed clock (Monday 2026-11-23 14:00 UTC). */
import { defaultPolicy } from '../../policy/presets.ts'
import type { Instant } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import type { Actor } from '../shared/actor.ts'
import { isRefused } from '../shared/decider.ts'
import { asId, type RefundId } from '../shared/ids.ts'
import { minor } from '../shared/money.ts'
import { agent, buyerId, integration, monday, orderId, sellerId } from '../order/fixtures.ts'
import type {
  ConfirmRefund,
  LedgerCommand,
  PayReturnShipping,
  RecordCapture,
  RequestRefund,
} from './commands.ts'
import type {
  CreditAccountCommand,
  CreditAccountContext,
  CreditAccountEvent,
  CreditAccountState,
} from './credit-account.ts'
import { creditAccountDecider } from './credit-account.ts'
import type { LedgerContext } from './decide.ts'
import type { LedgerEvent } from './events.ts'
import { ledgerDecider } from './index.ts'
import type { LedgerState } from './state.ts'

export const refundId = asId<RefundId>('refund-1')
export const otherRefundId = asId<RefundId>('refund-2')

export interface LedgerContextOptions {
  readonly actor?: Actor
  readonly now?: Instant
  readonly policy?: Policy
  readonly heldByCase?: boolean
  readonly sellerPayableBalance?: number
}

/** The app's context: by default the integration acting Monday under the default policy, no case open, the seller at 0. */
export const ledgerContext = (options: LedgerContextOptions = {}): LedgerContext => ({
  meta: { actor: options.actor ?? integration, now: options.now ?? monday },
  policy: options.policy ?? defaultPolicy,
  heldByCase: options.heldByCase ?? false,
  sellerPayableBalance: minor(options.sellerPayableBalance ?? 0),
})

/** The default order's payment: 48.00 USD, by card unless split. */
export const recordCapture = (card = 4800, credit = 0): RecordCapture => ({
  type: 'RecordCapture',
  orderId,
  buyerId,
  sellerId,
  currency: 'USD',
  card: minor(card),
  credit: minor(credit),
})

/** A seller-funded case refund of the whole 48.00 back to the original payment, key `decision-1`. */
export const requestRefund = (overrides: Partial<RequestRefund> = {}): RequestRefund => ({
  type: 'RequestRefund',
  refundId,
  refundKey: 'decision-1',
  amount: minor(4800),
  currency: 'USD',
  destination: 'original_payment',
  funding: 'seller',
  reason: 'case',
  ...overrides,
})

export const confirmRefund = (
  outcome: ConfirmRefund['outcome'],
  overrides: Partial<ConfirmRefund> = {},
): ConfirmRefund => ({
  type: 'ConfirmRefund',
  refundId,
  outcome,
  providerReference: `re_${outcome}`,
  ...overrides,
})

export const payLabel = (
  paidBy: PayReturnShipping['paidBy'],
  amount = 800,
  labelId = 'label-1',
): PayReturnShipping =>
  paidBy === 'buyer'
    ? { type: 'PayReturnShipping', labelId, amount: minor(amount), paidBy, refundFunding: 'seller' }
    : { type: 'PayReturnShipping', labelId, amount: minor(amount), paidBy }

/** A step of history: a command, with context options where the defaults do not fit (agents retry, for one). */
export type LedgerStep = LedgerCommand | readonly [LedgerCommand, LedgerContextOptions]

/** The natural actor for a command: agents retry and switch, the integration does the rest. */
const actorFor = (c: LedgerCommand): Actor =>
  c.type === 'RetryRefund' || c.type === 'SwitchRefundToCredit' ? agent : integration

/**
 * The facts these commands produce, one after the other, from an empty
 * ledger. A refused step is a broken fixture and throws.
 */
export const ledgerHistory = (...steps: readonly LedgerStep[]): LedgerEvent[] => {
  let state: LedgerState = ledgerDecider.initialState
  const events: LedgerEvent[] = []
  for (const step of steps) {
    const [command, options] = Array.isArray(step)
      ? (step as readonly [LedgerCommand, LedgerContextOptions])
      : [step as LedgerCommand, {}]
    const decision = ledgerDecider.decide(
      command,
      state,
      ledgerContext({ actor: actorFor(command), ...options }),
    )
    if (isRefused(decision))
      throw new Error(`ledgerHistory: ${command.type} refused ${JSON.stringify(decision.refused)}`)
    for (const e of decision) state = ledgerDecider.evolve(state, e)
    events.push(...decision)
  }
  return events
}

export const creditContext = (
  actor: Actor = integration,
  now: Instant = monday,
): CreditAccountContext => ({
  meta: { actor, now },
})

/** The facts of these credit-account commands, each at its own time. A refusal throws. */
export const creditHistory = (
  ...steps: readonly (readonly [CreditAccountCommand, Instant])[]
): CreditAccountEvent[] => {
  let state: CreditAccountState = creditAccountDecider.initialState
  const events: CreditAccountEvent[] = []
  for (const [command, now] of steps) {
    const decision = creditAccountDecider.decide(command, state, creditContext(integration, now))
    if (isRefused(decision))
      throw new Error(`creditHistory: ${command.type} refused ${JSON.stringify(decision.refused)}`)
    for (const e of decision) state = creditAccountDecider.evolve(state, e)
    events.push(...decision)
  }
  return events
}
