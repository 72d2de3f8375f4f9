import { asApiError } from '../../api/client.ts'
import { useAnswerCancellation, useCancellation } from '../../api/cancellations.ts'
import type { Cancellation } from '../../api/types.ts'
import { CancellationStatusBadge } from '../../components/badge.tsx'
import { Button } from '../../components/button.tsx'
import { Money } from '../../components/money.tsx'
import { ProblemNotice } from '../../components/notice.tsx'
import { Countdown, DateTime } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import { reasonLabel, refundDestinationLabel } from '../../lib/labels.ts'

/** Where the money goes, from the cancellation's refundDue. */
export const RefundLine = ({ c, you }: { c: Cancellation; you: boolean }) => {
  const r = c.refundDue
  if (!r) return null
  const dest = refundDestinationLabel(r.destination)
  return (
    <p className="refund-line">
      <Money minor={r.total} currency={r.currency} />{' '}
      {you ? 'goes back to' : 'is refunded to the buyer’s'}{' '}
      {you ? dest : dest.replace(/^your /, '')}
      {r.toCredit > 0 && r.toOriginalPayment > 0 ? (
        <>
          {' '}
          (<Money minor={r.toOriginalPayment} currency={r.currency} /> to the card,{' '}
          <Money minor={r.toCredit} currency={r.currency} /> as credit)
        </>
      ) : null}
      .
    </p>
  )
}

/** A cancellation's facts: status, reason, who asked and when, the answer and the refund. */
export const CancellationFacts = ({
  c,
  viewer,
}: {
  c: Cancellation
  viewer: 'buyer' | 'seller'
}) => (
  <div className="cancellation-facts">
    <div className="facts-head">
      <CancellationStatusBadge status={c.status} />
      <span className="muted small">
        {c.requestedBy === viewer
          ? 'You asked'
          : c.requestedBy === 'buyer'
            ? 'The buyer asked'
            : 'The seller cancelled'}{' '}
        <DateTime iso={c.requestedAt} />
      </span>
    </div>
    <dl className="kv">
      <div>
        <dt>Reason</dt>
        <dd>{reasonLabel(c.reason)}</dd>
      </div>
      {c.note ? (
        <div>
          <dt>Note</dt>
          <dd className="quote">“{c.note}”</dd>
        </div>
      ) : null}
      {c.status === 'requested' && c.respondBy ? (
        <div>
          <dt>{viewer === 'seller' ? 'Answer by' : 'Seller answers by'}</dt>
          <dd>
            <DateTime iso={c.respondBy} /> · <Countdown to={c.respondBy} />
          </dd>
        </div>
      ) : null}
      {c.declineReason ? (
        <div>
          <dt>Declined because</dt>
          <dd className="quote">“{c.declineReason}”</dd>
        </div>
      ) : null}
    </dl>
    <RefundLine c={c} you={viewer === 'buyer'} />
  </div>
)

/** The buyer's view of the order's cancellation: the facts, and withdraw when the API offers it. */
export const BuyerCancellation = ({ id }: { id: string }) => {
  const query = useCancellation(id)
  const answer = useAnswerCancellation(id)
  return (
    <WhenLoaded query={query} label="Loading the cancellation…">
      {(c) => (
        <>
          <CancellationFacts c={c} viewer="buyer" />
          {answer.error ? <ProblemNotice error={asApiError(answer.error)} /> : null}
          {c.availableActions.some((a) => a.action === 'withdraw') ? (
            <Button busy={answer.isPending} onClick={() => answer.mutate({ action: 'withdraw' })}>
              Withdraw my request
            </Button>
          ) : null}
        </>
      )}
    </WhenLoaded>
  )
}
