import { useParams } from 'react-router'
import { asApiError } from '../../api/client.ts'
import { usePeople } from '../../api/demo.ts'
import { useAcceptOrder, useOrder } from '../../api/orders.ts'
import type { Order } from '../../api/types.ts'
import { useSession } from '../../auth/use-session.ts'
import { OrderStatusBadge } from '../../components/badge.tsx'
import { Button } from '../../components/button.tsx'
import { ListingDetails } from '../../components/listing-details.tsx'
import { Money } from '../../components/money.tsx'
import { ProblemNotice } from '../../components/notice.tsx'
import { Card, PageHeader, useDocumentTitle } from '../../components/page.tsx'
import { Countdown, DateTime } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import { useNow } from '../../lib/clock.tsx'
import { deadlineLabel, paymentMethodLabel, payoutLabel } from '../../lib/labels.ts'
import { OrderCasesPanel } from '../cases/order-cases-panel.tsx'
import { ConversationLink } from '../conversations/conversation-thread.tsx'
import { SellerOrderActions } from '../seller/seller-order-actions.tsx'
import { BuyerCancellationPanel } from './buyer-cancellation-panel.tsx'
import { hasAction, orderFacts, orderTitle } from './order-facts.ts'

const Items = ({ order }: { order: Order }) => (
  <Card title={order.lines.length > 1 ? `${order.lines.length} items` : 'Item'} id="items">
    <ul className="items">
      {order.lines.map((line) => (
        <li key={line.lineId}>
          <ListingDetails
            listing={line.listing}
            unitPrice={line.unitPrice}
            quantity={line.quantity}
            currency={order.currency}
          />
        </li>
      ))}
    </ul>
  </Card>
)

const Timeline = ({ order }: { order: Order }) => {
  const now = useNow(60_000)
  return (
    <Card title="Timeline" id="timeline">
      <ol className="timeline">
        {orderFacts(order, now).map((f) => (
          <li key={f.key} className={`tl tl-${f.state}`}>
            <span className="tl-dot" aria-hidden="true" />
            <div className="tl-body">
              <span className="tl-label">
                {f.label}
                {f.state === 'late' ? <span className="tl-flag"> · overdue</span> : null}
              </span>
              <span className="tl-when">
                <DateTime iso={f.at} />
                {f.state !== 'done' ? (
                  <>
                    {' · '}
                    <Countdown to={f.at} pastLabel="passed" futureSuffix="from now" />
                  </>
                ) : null}
              </span>
              {f.note ? <span className="tl-note">{f.note}</span> : null}
            </div>
          </li>
        ))}
      </ol>
    </Card>
  )
}

const Payment = ({ order }: { order: Order }) => {
  const subtotal = order.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0)
  return (
    <Card title="Payment" id="payment">
      <dl className="totals">
        <div>
          <dt>Items</dt>
          <dd>
            <Money minor={subtotal} currency={order.currency} />
          </dd>
        </div>
        <div>
          <dt>Shipping</dt>
          <dd>
            <Money minor={order.shippingAmount} currency={order.currency} />
          </dd>
        </div>
        {order.taxAmount > 0 ? (
          <div>
            <dt>Tax</dt>
            <dd>
              <Money minor={order.taxAmount} currency={order.currency} />
            </dd>
          </div>
        ) : null}
        <div className="totals-total">
          <dt>Total</dt>
          <dd>
            <Money minor={order.total} currency={order.currency} />
          </dd>
        </div>
      </dl>
      <p className="muted small">
        Paid by {paymentMethodLabel(order.payment.method).toLowerCase()}
        {order.payment.method === 'mixed' ? (
          <>
            {' '}
            (<Money minor={order.payment.card} currency={order.currency} /> card,{' '}
            <Money minor={order.payment.credit} currency={order.currency} /> credit)
          </>
        ) : null}{' '}
        · <DateTime iso={order.payment.capturedAt} />
      </p>
      <p className="muted small">Seller payout: {payoutLabel(order.payout).toLowerCase()}</p>
    </Card>
  )
}

/**
 * The one date that matters next to this viewer: while unshipped, the ship-by
 * date (the reminder before it is the seller's business); otherwise the
 * order's live deadline (auto-acceptance, the buyer's right to cancel).
 */
const NextDeadline = ({ order, viewer }: { order: Order; viewer: string }) => {
  const next =
    order.status === 'awaiting_shipment'
      ? { label: viewer === 'seller' ? 'Ship by' : 'The seller ships by', dueAt: order.shipBy }
      : order.deadline
        ? { label: deadlineLabel(order.deadline.kind, viewer), dueAt: order.deadline.dueAt }
        : null
  if (!next) return null
  return (
    <div className="deadline-strip">
      <span className="deadline-label">{next.label}</span>
      <span className="deadline-when">
        <DateTime iso={next.dueAt} /> · <Countdown to={next.dueAt} />
      </span>
    </div>
  )
}

const AcceptPanel = ({ order }: { order: Order }) => {
  const action = hasAction(order, 'accept')
  const accept = useAcceptOrder(order.id)
  if (!action) return null
  return (
    <Card title="Received it?" id="accept">
      <p>
        If everything is as described, accept the order. The sale becomes final and the seller is
        paid.
      </p>
      {action.dueAt ? (
        <p className="muted small">
          Accepted for you <DateTime iso={action.dueAt} /> (<Countdown to={action.dueAt} />) unless
          you open a case.
        </p>
      ) : null}
      {accept.error ? <ProblemNotice error={asApiError(accept.error)} /> : null}
      <Button variant="primary" busy={accept.isPending} onClick={() => accept.mutate()}>
        Accept order
      </Button>
    </Card>
  )
}

export const OrderPage = () => {
  const { orderId = '' } = useParams()
  const session = useSession()
  const order = useOrder(orderId)
  const person = usePeople()
  const title = order.data ? orderTitle(order.data) : 'Order'
  useDocumentTitle(title)
  const role = session?.role ?? 'buyer'
  const back =
    role === 'seller'
      ? { to: '/orders', label: 'All orders' }
      : { to: '/orders', label: 'My orders' }

  return (
    <WhenLoaded query={order} label="Loading the order…" page={{ title: 'Order', back }}>
      {(o) => (
        <div className="page">
          <PageHeader
            back={back}
            title={title}
            badge={<OrderStatusBadge status={o.status} />}
            meta={
              <>
                <span>Order #{o.externalRef}</span>
                <span>
                  {role === 'seller'
                    ? `Buyer: ${person(o.buyerId)}`
                    : `Seller: ${person(o.sellerId)}`}
                </span>
                <span>
                  Purchased <DateTime iso={o.purchasedAt} />
                </span>
              </>
            }
          />
          <NextDeadline order={o} viewer={role} />
          <div className="order-layout">
            <div className="order-main">
              <Items order={o} />
              <Timeline order={o} />
            </div>
            <aside className="order-side" aria-label="Actions and payment">
              {role === 'buyer' ? (
                <>
                  <AcceptPanel order={o} />
                  {/* Cancelling is about an order not yet with the buyer; once delivered, a case is the way. */}
                  {o.deliveredAt === null ? <BuyerCancellationPanel order={o} /> : null}
                </>
              ) : null}
              {role === 'seller' ? <SellerOrderActions order={o} /> : null}
              <OrderCasesPanel order={o} viewer={role} />
              <ConversationLink orderId={o.id} />
              <Payment order={o} />
            </aside>
          </div>
        </div>
      )}
    </WhenLoaded>
  )
}
