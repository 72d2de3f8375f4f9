import type {
  CreditAccountCommand,
  CreditAccountState,
  CreditDeadlineKind,
} from '../../domain/ledger/credit-account.ts'
import { decideCreditAccount } from '../../domain/ledger/credit-account.ts'
import type { CreditGrant } from '../../domain/ledger/events.ts'
import type { OrderId, RefundId, UserId } from '../../domain/shared/ids.ts'
import type { Minor } from '../../domain/shared/money.ts'
import type { Instant } from '../../policy/time.ts'
import type { Loaded, UnitOfWork } from '../../store/event-store.ts'
import { loadAggregate } from '../../store/event-store.ts'
import { creditAccountAggregate } from '../aggregates.ts'
import type { Outcome } from '../command-runner.ts'
import { done } from '../command-runner.ts'
import { decideAndAppend } from '../execute.ts'
import { CreditQueries, creditAccountIdOf, type CreditsView } from './queries.ts'

/** Buyers' marketplace credit: grants mirrored from the order ledgers, the integration's debits, expiry. */
export class CreditService extends CreditQueries {
  private async run(
    uow: UnitOfWork,
    buyerId: string,
    command: CreditAccountCommand,
    loaded?: Loaded<CreditAccountState>,
  ): Promise<Outcome<Loaded<CreditAccountState>>> {
    const current = loaded ?? (await this.load(uow.tx, buyerId))
    const decision = decideCreditAccount(command, current.state, {
      meta: { now: uow.now, actor: uow.actor },
    })
    const result = await decideAndAppend(
      uow,
      creditAccountAggregate,
      creditAccountIdOf(buyerId),
      current,
      decision,
      null,
    )
    return result.ok ? done({ state: result.value.state, version: result.value.version }) : result
  }

  /** Mirrors credit an order's ledger just posted on the buyer's balance (idempotent by grant key). */
  grant(
    uow: UnitOfWork,
    grant: CreditGrant,
    source: { readonly orderId: string; readonly refundId: string },
  ): Promise<Outcome<Loaded<CreditAccountState>>> {
    return this.run(uow, grant.buyerId, {
      type: 'GrantCredit',
      buyerId: grant.buyerId,
      grantKey: grant.grantKey,
      amount: grant.amount,
      currency: grant.currency,
      expiresAt: grant.expiresAt,
      orderId: source.orderId as OrderId,
      refundId: source.refundId as RefundId,
    })
  }

  /**
   * The integration reports the buyer spent credit at checkout. The debit key
   * makes it idempotent: the same key and amount again changes nothing.
   */
  async spend(
    uow: UnitOfWork,
    buyerId: string,
    debit: { readonly debitKey: string; readonly amount: number; readonly currency: string },
  ): Promise<Outcome<CreditsView>> {
    const result = await this.run(uow, buyerId, {
      type: 'SpendCredit',
      buyerId: buyerId as UserId,
      debitKey: debit.debitKey,
      amount: debit.amount as Minor,
      currency: debit.currency,
    })
    if (!result.ok) return result
    return done(await this.render(uow.tx, buyerId, result.value, uow.now))
  }

  /** The scheduler fired the account's expiry deadline: every grant due by now expires. */
  async expire(
    uow: UnitOfWork,
    accountId: string,
    kind: string,
    dueAt: Instant,
  ): Promise<Outcome<Loaded<CreditAccountState>>> {
    const loaded = await loadAggregate(uow.tx, creditAccountAggregate, accountId)
    if (loaded.state.status === 'none') return done(loaded)
    return this.run(
      uow,
      loaded.state.buyerId,
      { type: 'ExpireDeadline', kind: kind as CreditDeadlineKind, dueAt },
      loaded,
    )
  }
}
