import { Link, useSearchParams } from 'react-router'
import { usePeople } from '../../api/demo.ts'
import { useReturns } from '../../api/returns.ts'
import type { Return } from '../../api/types.ts'
import { Badge } from '../../components/badge.tsx'
import { Money } from '../../components/money.tsx'
import { EmptyState, PageHeader, SkeletonRows, useDocumentTitle } from '../../components/page.tsx'
import { Countdown, DateTime } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import { returnAction, returnStatusLabel } from '../returns/return-facts.ts'
import '../../styles-parties.css'

const filters = [
  { id: 'delivered_to_seller', label: 'To inspect' },
  { id: 'in_transit', label: 'On their way' },
  { id: 'label_issued', label: 'Not shipped yet' },
  { id: '', label: 'All' },
] as const

const ReturnRow = ({ r }: { r: Return }) => {
  const person = usePeople()
  const [status, tone] = returnStatusLabel(r.status)
  const inspect = returnAction(r, 'inspect')
  return (
    <li className={`row${inspect ? ' urgency-soon' : ''}`}>
      <div className="return-grid">
        <div className="case-when">
          {inspect?.dueAt ? (
            <>
              <span className="row-sub">Inspect by</span>
              <span className="ship-date">
                <DateTime iso={inspect.dueAt} />
              </span>
              <Countdown to={inspect.dueAt} />
            </>
          ) : r.status === 'in_transit' && r.shipment ? (
            <>
              <span className="row-sub">Shipped</span>
              <span className="ship-date">
                <DateTime iso={r.shipment.shippedAt} />
              </span>
            </>
          ) : (
            <>
              <span className="row-sub">Ship by</span>
              <span className="ship-date">
                <DateTime iso={r.shipBy} />
              </span>
            </>
          )}
        </div>
        <div className="row-text">
          <Link className="row-title stretched" to={`/seller/returns/${r.id}`}>
            Return <span className="mono">{r.rma}</span>
          </Link>
          <span className="row-sub">
            From {person(r.buyerId)} ·{' '}
            <span className="mono">
              {(r.shipment ?? r.label).carrier} {(r.shipment ?? r.label).trackingNumber}
            </span>
          </span>
        </div>
        <div>
          <Badge tone={tone}>{status}</Badge>
        </div>
        <div className="num row-amount">
          <Money minor={r.refundOnCompletion} currency={r.currency} />
        </div>
      </div>
    </li>
  )
}

/** The seller's returns: what came back and waits for inspection first. */
export const ReturnsPage = () => {
  useDocumentTitle('Returns')
  const [params, setParams] = useSearchParams()
  const shown = params.get('status')
  const filter = filters.find((f) => f.id === (shown ?? 'delivered_to_seller')) ?? filters[0]
  const returns = useReturns(filter.id || undefined)
  const items = returns.data?.items ?? []
  return (
    <div className="page">
      <PageHeader
        title="Returns"
        subtitle="Check what came back within the inspection window; silence refunds the buyer in full."
      />
      <div className="filter-bar" role="group" aria-label="Show">
        {filters.map((f) => (
          <button
            key={f.id || 'all'}
            type="button"
            className={`chip${filter.id === f.id ? ' chip-active' : ''}`}
            aria-pressed={filter.id === f.id}
            onClick={() => setParams(f.id === 'delivered_to_seller' ? {} : { status: f.id })}
          >
            {f.label}
          </button>
        ))}
      </div>
      <WhenLoaded query={returns} pending={<SkeletonRows />}>
        {() =>
          items.length === 0 ? (
            <EmptyState
              title={filter.id === 'delivered_to_seller' ? 'Nothing to inspect' : 'No returns here'}
              icon="✓"
            >
              <p>
                When a buyer’s return reaches you, it appears here with its inspection deadline.
              </p>
            </EmptyState>
          ) : (
            <div className="list-card">
              <div className="list-head return-grid" aria-hidden="true">
                <span>When</span>
                <span>Return</span>
                <span>Status</span>
                <span className="num">Refund</span>
              </div>
              <ul className="rows" aria-label="Returns">
                {items.map((r) => (
                  <ReturnRow key={r.id} r={r} />
                ))}
              </ul>
            </div>
          )
        }
      </WhenLoaded>
    </div>
  )
}
