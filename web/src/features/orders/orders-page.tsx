import { Link, useSearchParams } from 'react-router'
import { usePeople } from '../../api/demo.ts'
import { useOrders } from '../../api/orders.ts'
import type { Order } from '../../api/types.ts'
import { useSession } from '../../auth/use-session.ts'
import { OrderStatusBadge } from '../../components/badge.tsx'
import { Button } from '../../components/button.tsx'
import { ListingThumb } from '../../components/listing-thumb.tsx'
import { Money } from '../../components/money.tsx'
import { EmptyState, PageHeader, SkeletonRows, useDocumentTitle } from '../../components/page.tsx'
import { DateTime } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import { firstListing, orderTitle } from './order-facts.ts'

const filters = [
  { status: '', label: 'All' },
  { status: 'awaiting_shipment', label: 'Awaiting shipment' },
  { status: 'shipped', label: 'Shipped' },
  { status: 'delivered', label: 'Delivered' },
  { status: 'accepted', label: 'Completed' },
  { status: 'cancelled', label: 'Cancelled' },
] as const

/** The fact that matters most now, from the order's own dates. */
const Progress = ({ order }: { order: Order }) => {
  if (order.cancelledAt)
    return (
      <>
        Cancelled <DateTime iso={order.cancelledAt} />
      </>
    )
  if (order.acceptedAt)
    return (
      <>
        Completed <DateTime iso={order.acceptedAt} />
      </>
    )
  if (order.deliveredAt)
    return (
      <>
        Delivered <DateTime iso={order.deliveredAt} />
      </>
    )
  const shipped = order.shipments[0]
  if (shipped)
    return (
      <>
        Shipped <DateTime iso={shipped.shippedAt} />
      </>
    )
  return (
    <>
      Ships by <DateTime iso={order.shipBy} />
    </>
  )
}

const byPurchaseDesc = (a: Order, b: Order): number =>
  Date.parse(b.purchasedAt) - Date.parse(a.purchasedAt)

export const OrdersPage = () => {
  const session = useSession()
  const isBuyer = session?.role === 'buyer'
  const title = isBuyer ? 'My orders' : 'All orders'
  useDocumentTitle(title)
  const [params, setParams] = useSearchParams()
  const status = params.get('status') ?? ''
  const orders = useOrders(status ? { status } : {})
  const person = usePeople()
  const items = (orders.data?.pages.flatMap((p) => p.items) ?? []).sort(byPurchaseDesc)

  return (
    <div className="page">
      <PageHeader
        title={title}
        subtitle={
          isBuyer
            ? 'Everything you bought, and what you can do about each order.'
            : 'Every order placed with you.'
        }
      />
      <div className="filter-bar" role="group" aria-label="Filter by status">
        {filters.map((f) => (
          <button
            key={f.status}
            type="button"
            className={`chip${status === f.status ? ' chip-active' : ''}`}
            aria-pressed={status === f.status}
            onClick={() => setParams(f.status ? { status: f.status } : {})}
          >
            {f.label}
          </button>
        ))}
      </div>
      <WhenLoaded query={orders} pending={<SkeletonRows />}>
        {() =>
          items.length === 0 ? (
            <EmptyState title={status ? 'No orders with this status' : 'No orders yet'} icon="◇">
              {isBuyer ? (
                <p>Orders you place on the marketplace appear here within moments.</p>
              ) : (
                <p>New orders appear here as buyers purchase.</p>
              )}
            </EmptyState>
          ) : (
            <div className="list-card">
              <div className="list-head order-grid" aria-hidden="true">
                <span>Item</span>
                <span>Status</span>
                <span>Progress</span>
                <span className="num">Total</span>
              </div>
              <ul className="rows" aria-label={title}>
                {items.map((o) => (
                  <li key={o.id} className="row order-grid">
                    <div className="row-main">
                      <ListingThumb listing={firstListing(o)} size={44} />
                      <div className="row-text">
                        <Link className="row-title stretched" to={`/orders/${o.id}`}>
                          {orderTitle(o)}
                        </Link>
                        <span className="row-sub">
                          {isBuyer ? `from ${person(o.sellerId)}` : `to ${person(o.buyerId)}`} · #
                          {o.externalRef}
                        </span>
                      </div>
                    </div>
                    <div>
                      <OrderStatusBadge status={o.status} />
                    </div>
                    <div className="row-sub">
                      <Progress order={o} />
                    </div>
                    <div className="num row-amount">
                      <Money minor={o.total} currency={o.currency} />
                    </div>
                  </li>
                ))}
              </ul>
            </div>
          )
        }
      </WhenLoaded>
      {orders.hasNextPage ? (
        <div className="more">
          <Button onClick={() => void orders.fetchNextPage()} busy={orders.isFetchingNextPage}>
            Show more orders
          </Button>
        </div>
      ) : null}
    </div>
  )
}
