import { useState } from 'react'
import { Link } from 'react-router'
import { useCancellations } from '../../api/cancellations.ts'
import { usePeople } from '../../api/demo.ts'
import { useOrder } from '../../api/orders.ts'
import type { Cancellation } from '../../api/types.ts'
import { CancellationStatusBadge } from '../../components/badge.tsx'
import { ListingThumb } from '../../components/listing-thumb.tsx'
import { Money } from '../../components/money.tsx'
import { Notice } from '../../components/notice.tsx'
import {
  Card,
  EmptyState,
  PageHeader,
  SkeletonRows,
  useDocumentTitle,
} from '../../components/page.tsx'
import { Countdown, DateTime } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import { reasonLabel } from '../../lib/labels.ts'
import { formatMoney } from '../../lib/money.ts'
import { firstListing, orderTitle } from '../orders/order-facts.ts'
import { AnswerRequest } from './cancellation-request.tsx'

const OrderLine = ({ orderId }: { orderId: string }) => {
  const order = useOrder(orderId)
  const person = usePeople()
  if (!order.data) return <span className="row-sub">Order {orderId.slice(0, 8)}…</span>
  const o = order.data
  return (
    <div className="row-main">
      <ListingThumb listing={firstListing(o)} size={44} />
      <div className="row-text">
        <Link className="row-title" to={`/orders/${o.id}`}>
          {orderTitle(o)}
        </Link>
        <span className="row-sub">
          {person(o.buyerId)} · <Money minor={o.total} currency={o.currency} /> · bought{' '}
          <DateTime iso={o.purchasedAt} />
        </span>
      </div>
    </div>
  )
}

const OrderName = ({ orderId }: { orderId: string }) => {
  const order = useOrder(orderId)
  return (
    <Link to={`/orders/${orderId}`} className="compact-title">
      {order.data ? orderTitle(order.data) : 'View order'}
    </Link>
  )
}

const Request = ({ c, onAnswered }: { c: Cancellation; onAnswered: (c: Cancellation) => void }) => (
  <li className="request">
    <div className="request-grid">
      <OrderLine orderId={c.orderId} />
      <div className="request-reason">
        <span className="request-reason-label">{reasonLabel(c.reason)}</span>
        {c.note ? <span className="quote">“{c.note}”</span> : null}
        <span className="row-sub">
          Asked <DateTime iso={c.requestedAt} />
        </span>
      </div>
      <div className="request-due">
        {c.respondBy ? (
          <>
            <span className="row-sub">Answer by</span>
            <DateTime iso={c.respondBy} />
            <Countdown to={c.respondBy} />
          </>
        ) : null}
      </div>
    </div>
    <AnswerRequest c={c} onAnswered={onAnswered} />
  </li>
)

const answeredText = (c: Cancellation): string => {
  if (c.status === 'approved') {
    const refund = c.refundDue
      ? ` ${formatMoney(c.refundDue.total, c.refundDue.currency)} is refunded to the buyer.`
      : ''
    return `The order is cancelled.${refund}`
  }
  if (c.status === 'declined') return 'The buyer sees your reason; the order goes ahead.'
  return ''
}

export const CancellationInboxPage = () => {
  useDocumentTitle('Cancellation requests')
  const requested = useCancellations({ status: 'requested' })
  const all = useCancellations()
  const [last, setLast] = useState<Cancellation | null>(null)
  const pending = [...(requested.data?.items ?? [])].sort(
    (a, b) => Date.parse(a.respondBy ?? a.requestedAt) - Date.parse(b.respondBy ?? b.requestedAt),
  )
  const answered = (all.data?.items ?? []).filter((c) => c.status !== 'requested').slice(0, 10)

  return (
    <div className="page">
      <PageHeader
        title="Cancellation requests"
        subtitle="Buyers asking to cancel before you ship. Answer before the deadline, or the marketplace’s policy answers for you."
      />
      {last ? (
        <Notice
          tone="success"
          title={last.status === 'approved' ? 'Cancellation approved' : 'Request declined'}
        >
          {answeredText(last)}
        </Notice>
      ) : null}
      <WhenLoaded query={requested} pending={<SkeletonRows rows={3} />}>
        {() =>
          pending.length === 0 ? (
            <EmptyState title="No requests waiting" icon="✓">
              <p>
                When a buyer asks to cancel an order, it appears here with the time you have to
                answer.
              </p>
            </EmptyState>
          ) : (
            <ul className="requests list-card" aria-label="Requests waiting for your answer">
              {pending.map((c) => (
                <Request key={c.id} c={c} onAnswered={setLast} />
              ))}
            </ul>
          )
        }
      </WhenLoaded>
      {answered.length > 0 ? (
        <Card title="Recently answered" id="answered" className="card-quiet">
          <ul className="compact-list">
            {answered.map((c) => (
              <li key={c.id}>
                <CancellationStatusBadge status={c.status} />
                <OrderName orderId={c.orderId} />
                <span className="muted">{reasonLabel(c.reason)}</span>
                <span className="muted small compact-when">
                  <DateTime iso={c.approvedAt ?? c.declinedAt ?? c.withdrawnAt ?? c.requestedAt} />
                </span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  )
}
