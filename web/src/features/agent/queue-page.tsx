import { useState, type FormEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useQueue } from '../../api/cases.ts'
import { usePeople } from '../../api/demo.ts'
import type { CaseReason, QueueFilter, QueueItem } from '../../api/types.ts'
import { useSession } from '../../auth/use-session.ts'
import { Badge } from '../../components/badge.tsx'
import { Button } from '../../components/button.tsx'
import { Money } from '../../components/money.tsx'
import { MoneyInput, readAmount } from '../../components/money-input.tsx'
import { EmptyState, PageHeader, SkeletonRows, useDocumentTitle } from '../../components/page.tsx'
import { Countdown, DateTime, urgencyOf } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import { useNow } from '../../lib/clock.tsx'
import { caseReasonLabel, caseReasons, caseStatusFor } from '../../lib/labels.ts'
import { minorToInput } from '../../lib/money.ts'
import { HOUR_MS } from '../../lib/time.ts'

const REASONS = caseReasons

/** Amount filters are typed in the marketplace's currency (the demo sells in US dollars). */
const FILTER_CURRENCY = 'USD'

/** Inside the last few hours of the SLA, a case should be on someone's desk. */
const SOON_MS = 6 * HOUR_MS

const assignments = [
  { id: '', label: 'All' },
  { id: 'me', label: 'Mine' },
  { id: 'unassigned', label: 'Unassigned' },
] as const

const filterFrom = (params: URLSearchParams): QueueFilter => {
  const reason = params.get('reason')
  const assigned = params.get('assigned')
  const min = Number(params.get('min'))
  const max = Number(params.get('max'))
  return {
    ...(reason && (REASONS as readonly string[]).includes(reason)
      ? { reason: reason as CaseReason }
      : {}),
    ...(assigned === 'me' || assigned === 'unassigned' ? { assigned } : {}),
    ...(params.get('min') && Number.isSafeInteger(min) && min >= 0 ? { minAmount: min } : {}),
    ...(params.get('max') && Number.isSafeInteger(max) && max >= 0 ? { maxAmount: max } : {}),
  }
}

/** "Silk slip dress" or "Silk slip dress and 1 more", from the queue row itself. */
const rowTitle = (item: QueueItem): string =>
  item.claimedLines > 1 ? `${item.title} and ${item.claimedLines - 1} more` : item.title

const QueueRow = ({ item, now, me }: { item: QueueItem; now: number; me: string }) => {
  const person = usePeople()
  const breached = item.priority === 'breached'
  const urgency = breached ? 'overdue' : urgencyOf(item.decisionDueAt, now, SOON_MS)
  const [status, tone] = caseStatusFor(item.status, 'agent')
  return (
    <li className={`row queue-row urgency-${urgency}${breached ? ' queue-breached' : ''}`}>
      <div className="queue-grid">
        <div className="case-when">
          <span className={`urgency-tag urgency-tag-${urgency}`}>
            {breached ? 'SLA breached' : urgency === 'soon' ? 'Due soon' : 'Within SLA'}
          </span>
          <span className="ship-date">
            <DateTime iso={item.decisionDueAt} />
          </span>
          <Countdown to={item.decisionDueAt} soonMs={SOON_MS} />
        </div>
        <div className="row-text">
          <Link className="row-title stretched" to={`/agent/cases/${item.caseId}`}>
            {rowTitle(item)}
          </Link>
          <span className="row-sub">
            {caseReasonLabel(item.reason)} · opened <DateTime iso={item.openedAt} />
          </span>
          <span className="row-sub">
            {person(item.buyerId)} ↔ {person(item.sellerId)}
          </span>
        </div>
        <div>
          <Badge tone={tone}>{status}</Badge>
        </div>
        <div className="row-sub queue-agent">
          {item.assignedAgentId === null ? (
            <span className="unassigned">Unassigned</span>
          ) : item.assignedAgentId === me ? (
            <strong>You</strong>
          ) : (
            person(item.assignedAgentId)
          )}
        </div>
        <div className="num row-amount">
          <Money minor={item.claimedAmount} currency={item.currency} />
        </div>
      </div>
    </li>
  )
}

const AmountFilter = ({
  filter,
  onApply,
}: {
  filter: QueueFilter
  onApply: (min: number | null, max: number | null) => void
}) => {
  const [min, setMin] = useState(
    filter.minAmount ? minorToInput(filter.minAmount, FILTER_CURRENCY) : '',
  )
  const [max, setMax] = useState(
    filter.maxAmount ? minorToInput(filter.maxAmount, FILTER_CURRENCY) : '',
  )
  const [error, setError] = useState<string | null>(null)
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    const read = (text: string): number | null | 'bad' => {
      if (!text.trim()) return null
      if (text.trim() === '0') return 0
      const p = readAmount(text, FILTER_CURRENCY)
      if (!p.ok) {
        setError(p.problem)
        return 'bad'
      }
      return p.minor
    }
    const lo = read(min)
    const hi = read(max)
    if (lo === 'bad' || hi === 'bad') return
    if (lo !== null && hi !== null && lo > hi) {
      setError('The lower amount is above the upper one.')
      return
    }
    setError(null)
    onApply(lo, hi)
  }
  return (
    <form className="amount-filter" onSubmit={submit} noValidate aria-label="Claimed amount">
      <label className="filter-label" htmlFor="q-min">
        Claimed from
      </label>
      <MoneyInput
        small
        id="q-min"
        currency={FILTER_CURRENCY}
        value={min}
        onChange={setMin}
        placeholder="0"
        aria-describedby={error ? 'q-amount-error' : undefined}
      />
      <label className="filter-label" htmlFor="q-max">
        to
      </label>
      <MoneyInput
        small
        id="q-max"
        currency={FILTER_CURRENCY}
        value={max}
        onChange={setMax}
        placeholder="any"
        aria-describedby={error ? 'q-amount-error' : undefined}
      />
      <Button type="submit" size="sm">
        Apply
      </Button>
      {error ? (
        <p className="field-error" id="q-amount-error">
          {error}
        </p>
      ) : null}
    </form>
  )
}

/**
 * The agents' queue: SLA-breached cases first, then by decision due time, as
 * the API orders them; filtered by reason, claimed amount and assignment;
 * paged with the API's cursor.
 */
export const QueuePage = () => {
  const session = useSession()
  const me = session?.userId ?? ''
  const isAdmin = session?.role === 'admin'
  const title = isAdmin ? 'Escalations' : 'Queue'
  useDocumentTitle(title)
  const [params, setParams] = useSearchParams()
  const filter = filterFrom(params)
  const queue = useQueue(filter)
  const now = useNow(30_000)
  const items = queue.data?.pages.flatMap((p) => p.items) ?? []
  const breached = items.filter((i) => i.priority === 'breached').length
  const unassigned = items.filter((i) => i.assignedAgentId === null).length
  const mine = items.filter((i) => i.assignedAgentId === me).length
  const filtered = Object.keys(filter).length > 0

  const update = (change: Record<string, string | null>): void => {
    const next = new URLSearchParams(params)
    for (const [k, v] of Object.entries(change)) {
      if (v === null || v === '') next.delete(k)
      else next.set(k, v)
    }
    setParams(next)
  }

  return (
    <div className="page">
      <PageHeader
        title={title}
        subtitle={
          isAdmin
            ? 'Cases with the marketplace’s agents, breaches of the decision SLA first.'
            : 'Escalated and appealed cases: SLA breaches first, then by decision due time.'
        }
      />
      {queue.isSuccess ? (
        <div className="stats" aria-label="Summary">
          <div className="stat">
            <span className="stat-value">
              {items.length}
              {queue.hasNextPage ? '+' : ''}
            </span>
            <span className="stat-label">{filtered ? 'matching' : 'waiting'}</span>
          </div>
          <div className={`stat${breached > 0 ? ' stat-danger' : ''}`}>
            <span className="stat-value">{breached}</span>
            <span className="stat-label">SLA breached</span>
          </div>
          <div className={`stat${unassigned > 0 ? ' stat-warning' : ''}`}>
            <span className="stat-value">{unassigned}</span>
            <span className="stat-label">unassigned</span>
          </div>
          {!isAdmin ? (
            <div className="stat">
              <span className="stat-value">{mine}</span>
              <span className="stat-label">yours</span>
            </div>
          ) : null}
        </div>
      ) : null}
      <div className="queue-filters">
        {!isAdmin ? (
          <div className="filter-bar" role="group" aria-label="Assignment">
            {assignments.map((a) => (
              <button
                key={a.id}
                type="button"
                className={`chip${(filter.assigned ?? '') === a.id ? ' chip-active' : ''}`}
                aria-pressed={(filter.assigned ?? '') === a.id}
                onClick={() => update({ assigned: a.id })}
              >
                {a.label}
              </button>
            ))}
          </div>
        ) : null}
        <div className="filter-field">
          <label className="filter-label" htmlFor="q-reason">
            Reason
          </label>
          <select
            id="q-reason"
            value={filter.reason ?? ''}
            onChange={(e) => update({ reason: e.target.value })}
          >
            <option value="">Any reason</option>
            {REASONS.map((r) => (
              <option key={r} value={r}>
                {caseReasonLabel(r)}
              </option>
            ))}
          </select>
        </div>
        <AmountFilter
          key={`${filter.minAmount ?? ''}-${filter.maxAmount ?? ''}`}
          filter={filter}
          onApply={(lo, hi) =>
            update({ min: lo === null ? null : String(lo), max: hi === null ? null : String(hi) })
          }
        />
        {filtered ? (
          <Button variant="ghost" size="sm" onClick={() => setParams({})}>
            Clear filters
          </Button>
        ) : null}
      </div>
      <WhenLoaded query={queue} pending={<SkeletonRows />}>
        {() =>
          items.length === 0 ? (
            <EmptyState
              title={filtered ? 'No cases match these filters' : 'The queue is clear'}
              icon="✓"
            >
              <p>
                {filtered
                  ? 'Clear a filter to see more.'
                  : 'Cases that buyers and sellers could not settle arrive here for a decision.'}
              </p>
            </EmptyState>
          ) : (
            <div className="list-card">
              <div className="list-head queue-grid" aria-hidden="true">
                <span>Decide by</span>
                <span>Case</span>
                <span>Status</span>
                <span>Agent</span>
                <span className="num">Claimed</span>
              </div>
              <ul className="rows" aria-label="Queue">
                {items.map((item) => (
                  <QueueRow key={item.caseId} item={item} now={now} me={me} />
                ))}
              </ul>
            </div>
          )
        }
      </WhenLoaded>
      {queue.hasNextPage ? (
        <div className="more">
          <Button onClick={() => void queue.fetchNextPage()} busy={queue.isFetchingNextPage}>
            Show more cases
          </Button>
        </div>
      ) : null}
    </div>
  )
}
