import { useState } from 'react'
import { Link } from 'react-router'
import { usePeople } from '../../api/demo.ts'
import { useCancellations } from '../../api/cancellations.ts'
import { useOrders } from '../../api/orders.ts'
import type { Order } from '../../api/types.ts'
import { Button } from '../../components/button.tsx'
import { ListingThumb } from '../../components/listing-thumb.tsx'
import { Money } from '../../components/money.tsx'
import { Notice } from '../../components/notice.tsx'
import { EmptyState, PageHeader, SkeletonRows, useDocumentTitle } from '../../components/page.tsx'
import { Countdown, DateTime, urgencyOf } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import { useNow } from '../../lib/clock.tsx'
import { DAY_MS } from '../../lib/time.ts'
import { firstListing, hasAction, orderTitle } from '../orders/order-facts.ts'
import { ShipForm } from './ship-form.tsx'

/** "Near" the ship-by date: inside the last day, when a seller should be packing. */
const SOON_MS = DAY_MS

const urgencyText = { overdue: 'Late', soon: 'Due soon', calm: 'On track' } as const

export const ToShipPage = () => {
  useDocumentTitle('Orders to ship')
  const orders = useOrders({ status: 'awaiting_shipment', limit: 100 })
  const requests = useCancellations({ status: 'requested' })
  const askedToCancel = new Set((requests.data?.items ?? []).map((c) => c.orderId))
  const person = usePeople()
  const now = useNow(30_000)
  const [open, setOpen] = useState<string | null>(null)
  const [shipped, setShipped] = useState<string | null>(null)
  const items = (orders.data?.pages.flatMap((p) => p.items) ?? []).sort(
    (a, b) => Date.parse(a.shipBy) - Date.parse(b.shipBy),
  )
  const late = items.filter((o) => urgencyOf(o.shipBy, now) === 'overdue').length
  const soon = items.filter((o) => urgencyOf(o.shipBy, now, SOON_MS) === 'soon').length

  const onShipped = (o: Order): void => {
    setOpen(null)
    setShipped(orderTitle(o))
  }

  return (
    <div className="page">
      <PageHeader
        title="Orders to ship"
        subtitle="Soonest ship-by date first. Shipping late counts against your scorecard."
      />
      {orders.isSuccess && items.length > 0 ? (
        <div className="stats" aria-label="Summary">
          <div className="stat">
            <span className="stat-value">{items.length}</span>
            <span className="stat-label">to ship</span>
          </div>
          <div className={`stat${late > 0 ? ' stat-danger' : ''}`}>
            <span className="stat-value">{late}</span>
            <span className="stat-label">late</span>
          </div>
          <div className={`stat${soon > 0 ? ' stat-warning' : ''}`}>
            <span className="stat-value">{soon}</span>
            <span className="stat-label">due in 24 h</span>
          </div>
        </div>
      ) : null}
      {shipped ? (
        <Notice tone="success" title="Marked as shipped">
          {shipped} is on its way; the buyer can now follow the tracking.
        </Notice>
      ) : null}
      <WhenLoaded query={orders} pending={<SkeletonRows />}>
        {() =>
          items.length === 0 ? (
            <EmptyState title="Nothing to ship" icon="✓">
              <p>Every order is on its way. New orders appear here with their ship-by date.</p>
            </EmptyState>
          ) : (
            <ul className="rows list-card" aria-label="Orders to ship">
              {items.map((o) => {
                const urgency = urgencyOf(o.shipBy, now, SOON_MS)
                const canShip = hasAction(o, 'ship')
                return (
                  <li key={o.id} className={`row ship-row urgency-${urgency}`}>
                    <div className="ship-grid">
                      <div className="ship-when">
                        <span className={`urgency-tag urgency-tag-${urgency}`}>
                          {urgencyText[urgency]}
                        </span>
                        <span className="ship-date">
                          <DateTime iso={o.shipBy} />
                        </span>
                        <Countdown to={o.shipBy} soonMs={SOON_MS} pastLabel="late by" />
                      </div>
                      <div className="row-main">
                        <ListingThumb listing={firstListing(o)} size={44} />
                        <div className="row-text">
                          <Link className="row-title" to={`/orders/${o.id}`}>
                            {orderTitle(o)}
                          </Link>
                          <span className="row-sub">
                            to {person(o.buyerId)} · #{o.externalRef}
                          </span>
                          {askedToCancel.has(o.id) ? (
                            <Link className="row-flag" to="/seller/cancellations">
                              The buyer asked to cancel — answer before shipping
                            </Link>
                          ) : null}
                        </div>
                      </div>
                      <div className="num row-amount">
                        <Money minor={o.total} currency={o.currency} />
                      </div>
                      <div className="row-action">
                        {canShip && open !== o.id ? (
                          <Button
                            variant="primary"
                            size="sm"
                            onClick={() => setOpen(o.id)}
                            aria-label={`Ship ${orderTitle(o)}`}
                          >
                            Ship
                          </Button>
                        ) : null}
                      </div>
                    </div>
                    {canShip && open === o.id ? (
                      <div className="row-expand">
                        <ShipForm order={o} compact onShipped={() => onShipped(o)} />
                        <Button variant="ghost" size="sm" onClick={() => setOpen(null)}>
                          Not now
                        </Button>
                      </div>
                    ) : null}
                  </li>
                )
              })}
            </ul>
          )
        }
      </WhenLoaded>
    </div>
  )
}
