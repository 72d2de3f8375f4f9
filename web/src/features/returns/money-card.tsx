import { useCredits, useLedger } from '../../api/money.ts'
import { useCaseReturns } from '../../api/returns.ts'
import type { Case, Credits, Refund } from '../../api/types.ts'
import { Badge } from '../../components/badge.tsx'
import { Money } from '../../components/money.tsx'
import { Card } from '../../components/page.tsx'
import { DateTime } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import type { Tone } from '../../lib/labels.ts'
import type { CasePanelProps } from '../cases/case-panel.ts'

const refundStatus: Record<Refund['status'], [string, Tone]> = {
  pending: ['On its way', 'info'],
  succeeded: ['Paid', 'success'],
  failed: ['Failed, being retried', 'danger'],
  switched_to_credit: ['Paid as credit', 'success'],
}

const refundReason: Record<string, string> = {
  cancellation: 'Cancellation',
  case: 'Case outcome',
  return: 'Return',
  replacement_failed: 'Replacement never arrived',
  agent_adjustment: 'Adjustment by Recourse',
}

/** Where the money goes, in the buyer's words: the card, marketplace credit, or both. */
const Destination = ({ r }: { r: Refund }) => {
  if (r.toCard > 0 && r.toCredit > 0)
    return (
      <>
        <Money minor={r.toCard} currency={r.currency} /> to your card,{' '}
        <Money minor={r.toCredit} currency={r.currency} /> as marketplace credit
      </>
    )
  if (r.toCredit > 0 || r.status === 'switched_to_credit') return <>Marketplace credit</>
  return <>Back to the card you paid with</>
}

/** Refunds that belong to this case: its own outcomes and its returns' refunds. */
const caseRefunds = (c: Case, all: readonly Refund[], returnRefundIds: ReadonlySet<string>) => {
  const keys = new Set(c.refunds.map((r) => r.refundKey))
  return all.filter((r) => keys.has(r.refundKey) || returnRefundIds.has(r.refundId))
}

export const RefundRows = ({ refunds }: { refunds: readonly Refund[] }) => (
  <ul className="money-rows" aria-label="Refunds">
    {refunds.map((r) => {
      const [label, tone] = refundStatus[r.status]
      return (
        <li key={r.refundId} className="money-row" data-refund={r.refundId}>
          <div className="money-row-main">
            <strong>
              <Money minor={r.amount} currency={r.currency} />
            </strong>
            <span className="row-sub">
              {refundReason[r.reason] ?? r.reason} · <Destination r={r} />
            </span>
            <span className="row-sub">
              Requested <DateTime iso={r.requestedAt} />
              {r.settledAt ? (
                <>
                  {' '}
                  · settled <DateTime iso={r.settledAt} />
                </>
              ) : null}
            </span>
            {r.failureReason ? <span className="row-sub">{r.failureReason}</span> : null}
          </div>
          <Badge tone={tone}>{label}</Badge>
        </li>
      )
    })}
  </ul>
)

const historyText = (e: Credits['history'][number]): string => {
  switch (e.type) {
    case 'granted':
      return 'Credit added'
    case 'spent':
      return 'Spent at checkout'
    case 'expired':
      return 'Expired'
  }
}

/** The buyer's marketplace credit: balance, what expires next, and every movement. */
export const CreditBalance = ({ userId }: { userId: string }) => {
  const credits = useCredits(userId)
  return (
    <WhenLoaded query={credits} pending={null}>
      {(k) => (k.granted === 0 ? null : <CreditFigures k={k} />)}
    </WhenLoaded>
  )
}

const CreditFigures = ({ k }: { k: Credits }) => {
  const currency = k.currency ?? 'USD'
  return (
    <div className="credit-balance" aria-label="Your marketplace credit">
      <h3 className="compare-title">Your marketplace credit</h3>
      <p className="credit-figure">
        <Money minor={k.available} currency={currency} /> <span className="muted">available</span>
      </p>
      {k.nextExpiry ? (
        <p className="small muted">
          <Money minor={k.nextExpiry.amount} currency={currency} /> expires{' '}
          <DateTime iso={k.nextExpiry.at} />
        </p>
      ) : null}
      <ul className="money-rows money-rows-tight" aria-label="Credit history">
        {k.history.slice(0, 8).map((e, i) => (
          <li key={i} className="money-row">
            <span>
              {historyText(e)} · <DateTime iso={e.at} />
            </span>
            <span className={`num${e.type === 'granted' ? ' money-plus' : ''}`}>
              {e.type === 'granted' ? '+' : '−'}
              <Money minor={e.amount} currency={currency} />
            </span>
          </li>
        ))}
      </ul>
    </div>
  )
}

/**
 * Refunds and credits on the case page: each refund's status and where the
 * money goes, and for the buyer the credit balance it lands in.
 */
export const CaseMoneyPanel = ({ c, viewer }: CasePanelProps) => {
  const hasMoney = c.refunds.length > 0 || c.followUp?.kind === 'return'
  const ledger = useLedger(c.orderId, hasMoney)
  const returns = useCaseReturns(c.id, c.followUp?.kind === 'return')
  if (!hasMoney) return null
  const returnRefundIds = new Set((returns.data?.items ?? []).flatMap((r) => r.refundIds))
  const refunds = ledger.data ? caseRefunds(c, ledger.data.refunds, returnRefundIds) : []
  if (ledger.isSuccess && refunds.length === 0 && c.refunds.length === 0) return null
  return (
    <Card title="Refunds and credit" id="money">
      <WhenLoaded query={ledger} pending={null}>
        {() =>
          refunds.length === 0 ? (
            <p className="muted">The refund is being prepared.</p>
          ) : (
            <RefundRows refunds={refunds} />
          )
        }
      </WhenLoaded>
      {viewer === 'buyer' ? <CreditBalance userId={c.buyerId} /> : null}
    </Card>
  )
}
