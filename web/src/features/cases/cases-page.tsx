import { Link, useSearchParams } from 'react-router'
import { useCases } from '../../api/cases.ts'
import { usePeople } from '../../api/demo.ts'
import type { Case } from '../../api/types.ts'
import { useSession } from '../../auth/use-session.ts'
import { Badge } from '../../components/badge.tsx'
import { Button } from '../../components/button.tsx'
import { Money } from '../../components/money.tsx'
import { EmptyState, PageHeader, SkeletonRows, useDocumentTitle } from '../../components/page.tsx'
import { Countdown, DateTime, urgencyOf } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import { useNow } from '../../lib/clock.tsx'
import {
  caseDeadlineLabel,
  caseReasonLabel,
  caseStatusFor,
  closeReasonLabel,
} from '../../lib/labels.ts'
import { DAY_MS } from '../../lib/time.ts'
import { caseTitle, isMyMove, isOpen } from './case-facts.ts'

/** Due soon: inside the last day, when an answer should be on its way. */
const SOON_MS = DAY_MS

const filters = [
  { id: 'open', label: 'Open' },
  { id: 'closed', label: 'Closed' },
  { id: 'all', label: 'All' },
] as const

const urgencyText = { overdue: 'Overdue', soon: 'Due soon', calm: 'On track' } as const

const CaseRow = ({ c, viewer, now }: { c: Case; viewer: 'buyer' | 'seller'; now: number }) => {
  const person = usePeople()
  const mine = isMyMove(c)
  const due = c.deadline?.dueAt
  // Urgency marks the rows waiting on this viewer; other deadlines are someone else's.
  const urgency = due && mine ? urgencyOf(due, now, SOON_MS) : null
  const [status, tone] = caseStatusFor(c.status, viewer)
  return (
    <li className={`row case-row${urgency ? ` urgency-${urgency}` : ''}`}>
      <div className="case-grid">
        <div className="case-when">
          {c.deadline && due ? (
            <>
              {urgency ? (
                <span className={`urgency-tag urgency-tag-${urgency}`}>{urgencyText[urgency]}</span>
              ) : null}
              <span className="row-sub">
                {caseDeadlineLabel(c.deadline.kind, viewer, c.infoRequest?.from)}
              </span>
              <span className="ship-date">
                <DateTime iso={due} />
              </span>
              <Countdown to={due} soonMs={SOON_MS} />
            </>
          ) : c.closedAt ? (
            <>
              <span className="row-sub">Closed</span>
              <span className="ship-date">
                <DateTime iso={c.closedAt} />
              </span>
            </>
          ) : (
            <span className="row-sub">No deadline</span>
          )}
        </div>
        <div className="row-text">
          <Link className="row-title stretched" to={`/cases/${c.id}`}>
            {caseTitle(c)}
          </Link>
          <span className="row-sub">
            {caseReasonLabel(c.reason)} ·{' '}
            {viewer === 'seller' ? person(c.buyerId) : person(c.sellerId)} · opened{' '}
            <DateTime iso={c.openedAt} />
          </span>
          {c.closeReason ? (
            <span className="row-sub">{closeReasonLabel(c.closeReason)}</span>
          ) : null}
        </div>
        <div className="case-status">
          <Badge tone={tone}>{status}</Badge>
          {mine && status !== 'Your move' ? (
            <span className="row-flag">Needs your answer</span>
          ) : null}
        </div>
        <div className="num row-amount">
          <Money minor={c.claimedAmount} currency={c.currency} />
        </div>
      </div>
    </li>
  )
}

/**
 * The seller's case inbox and the buyer's cases in the API's deadline order:
 * the viewer's own deadlines first, soonest first, then the other side's,
 * then closed cases; the rows waiting on this viewer carry the urgency.
 */
export const CasesPage = () => {
  const session = useSession()
  const viewer = session?.role === 'seller' ? 'seller' : 'buyer'
  const title = viewer === 'seller' ? 'Case inbox' : 'My cases'
  useDocumentTitle(title)
  const [params, setParams] = useSearchParams()
  const filter = filters.find((f) => f.id === params.get('show'))?.id ?? 'open'
  const cases = useCases('deadline')
  const now = useNow(30_000)
  const all = cases.data?.pages.flatMap((p) => p.items) ?? []
  const items = all.filter((c) =>
    filter === 'all' ? true : filter === 'open' ? isOpen(c) : !isOpen(c),
  )
  const open = all.filter(isOpen)
  const waiting = open.filter(isMyMove)
  const soon = waiting.filter(
    (c) => c.deadline && urgencyOf(c.deadline.dueAt, now, SOON_MS) !== 'calm',
  )

  return (
    <div className="page">
      <PageHeader
        title={title}
        subtitle={
          viewer === 'seller'
            ? 'Soonest deadline first. Answer within the time and most cases settle without an agent.'
            : 'Problems with your orders, and where each one stands.'
        }
      />
      {cases.isSuccess && all.length > 0 ? (
        <div className="stats" aria-label="Summary">
          <div className="stat">
            <span className="stat-value">{open.length}</span>
            <span className="stat-label">open</span>
          </div>
          <div className={`stat${waiting.length > 0 ? ' stat-warning' : ''}`}>
            <span className="stat-value">{waiting.length}</span>
            <span className="stat-label">need your answer</span>
          </div>
          <div className={`stat${soon.length > 0 ? ' stat-danger' : ''}`}>
            <span className="stat-value">{soon.length}</span>
            <span className="stat-label">due in 24 h</span>
          </div>
        </div>
      ) : null}
      <div className="filter-bar" role="group" aria-label="Show">
        {filters.map((f) => (
          <button
            key={f.id}
            type="button"
            className={`chip${filter === f.id ? ' chip-active' : ''}`}
            aria-pressed={filter === f.id}
            onClick={() => setParams(f.id === 'open' ? {} : { show: f.id })}
          >
            {f.label}
          </button>
        ))}
      </div>
      <WhenLoaded query={cases} pending={<SkeletonRows />}>
        {() =>
          items.length === 0 ? (
            <EmptyState title={filter === 'closed' ? 'No closed cases' : 'No open cases'} icon="✓">
              {viewer === 'seller' ? (
                <p>
                  When a buyer reports a problem with an order, the case arrives here with its
                  deadline.
                </p>
              ) : (
                <p>
                  If something is wrong with an order, open a case from the{' '}
                  <Link to="/orders">order’s page</Link>.
                </p>
              )}
            </EmptyState>
          ) : (
            <div className="list-card">
              <div className="list-head case-grid" aria-hidden="true">
                <span>Deadline</span>
                <span>Case</span>
                <span>Status</span>
                <span className="num">Claimed</span>
              </div>
              <ul className="rows" aria-label={title}>
                {items.map((c) => (
                  <CaseRow key={c.id} c={c} viewer={viewer} now={now} />
                ))}
              </ul>
            </div>
          )
        }
      </WhenLoaded>
      {cases.hasNextPage ? (
        <div className="more">
          <Button onClick={() => void cases.fetchNextPage()} busy={cases.isFetchingNextPage}>
            Show more cases
          </Button>
        </div>
      ) : null}
    </div>
  )
}
