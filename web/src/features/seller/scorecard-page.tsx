import { Link } from 'react-router'
import { useScorecard } from '../../api/insights.ts'
import type { ScorecardFact, ScorecardMetric } from '../../api/types.ts'
import { useSession } from '../../auth/use-session.ts'
import { Badge } from '../../components/badge.tsx'
import { Card, PageHeader, SkeletonRows, useDocumentTitle } from '../../components/page.tsx'
import { DateTime } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import { caseReasonLabel, humanize, reputationReasonLabel, type Tone } from '../../lib/labels.ts'
import '../../styles-parties.css'

const statusText: Record<ScorecardMetric['status'], [string, Tone]> = {
  pass: ['Meets the standard', 'success'],
  warn: ['Close to the limit', 'warning'],
  fail: ['Below the standard', 'danger'],
}

/** What each metric counts, in the seller's words: "3 of 40 orders". */
const units: Record<string, string> = {
  cancellation_rate: 'orders',
  late_shipment_rate: 'shipments',
  valid_tracking_rate: 'shipments',
  on_time_delivery_rate: 'deliveries',
  case_rate: 'orders',
  lost_after_escalation_rate: 'orders',
  on_time_response_rate: 'cases due an answer',
}

const percent = (rate: number | null): string =>
  rate === null ? '—' : `${(rate * 100).toFixed(rate * 100 < 10 ? 1 : 0)} %`

const factText = (f: ScorecardFact): string => {
  const reason = reputationReasonLabel(f.reason)
  if (!f.detail) return reason
  // A case's detail is its reason code; other facts say theirs in words.
  return `${reason}: ${f.caseId ? caseReasonLabel(f.detail).toLowerCase() : f.detail}`
}

/** Each fact opens the order or case it is about, in the portal (not the API path). */
const FactLinks = ({ facts, empty }: { facts: readonly ScorecardFact[]; empty: string }) =>
  facts.length === 0 ? (
    <p className="small muted">{empty}</p>
  ) : (
    <ul className="fact-list">
      {facts.map((f, i) => (
        <li key={`${f.orderId}-${f.caseId ?? ''}-${i}`}>
          <Link to={f.caseId ? `/cases/${f.caseId}` : `/orders/${f.orderId}`}>
            {/* Ids are time-ordered (UUIDv7): their tails tell them apart. */}
            {f.caseId ? 'Case' : 'Order'} …{(f.caseId ?? f.orderId).slice(-6)}
          </Link>{' '}
          <span className="muted">
            · {factText(f)} · <DateTime iso={f.at} />
          </span>
        </li>
      ))}
    </ul>
  )

const MetricCard = ({ m }: { m: ScorecardMetric }) => {
  const [label, tone] = statusText[m.status]
  const unit = units[m.id] ?? 'orders'
  const limit =
    m.direction === 'max'
      ? `must stay at or below ${percent(m.threshold)}; a warning from ${percent(m.warnFrom)}`
      : `must reach ${percent(m.threshold)}; a warning below ${percent(m.warnFrom)}`
  return (
    <section
      className={`metric metric-${m.status}`}
      aria-labelledby={`metric-${m.id}`}
      data-metric={m.id}
    >
      <div className="metric-head">
        <h2 className="metric-title" id={`metric-${m.id}`}>
          {m.label}
        </h2>
        <Badge tone={tone}>{label}</Badge>
      </div>
      <p className="metric-figure">
        <span className="metric-rate">{percent(m.rate)}</span>
        <span className="muted">
          {m.numerator} of {m.denominator} {unit}
        </span>
      </p>
      <p className="small">
        {m.rate === null
          ? `Nothing to measure yet: no ${unit} in the window.`
          : `This rate ${limit}.`}
      </p>
      <details className="metric-more">
        <summary>
          {m.linksShow === 'counted' ? 'What counted' : 'What fell short'} ({m.linksTotal})
          {m.excluded.total > 0 ? ` · left out (${m.excluded.total})` : ''}
        </summary>
        <FactLinks
          facts={m.links}
          empty={m.linksShow === 'counted' ? 'Nothing counted against you.' : 'Nothing fell short.'}
        />
        {m.linksTotal > m.links.length ? (
          <p className="small muted">
            Showing {m.links.length} of {m.linksTotal}.
          </p>
        ) : null}
        {m.excluded.total > 0 ? (
          <>
            <h3 className="compare-title">Left out, and why</h3>
            <ul className="fact-list">
              {m.excluded.byReason.map((r) => (
                <li key={r.reason}>
                  {reputationReasonLabel(r.reason)} <span className="muted">× {r.count}</span>
                </li>
              ))}
            </ul>
            <FactLinks facts={m.excluded.items} empty="" />
          </>
        ) : null}
      </details>
    </section>
  )
}

/** The seller's standing over the policy's window: every number with what is behind it. */
export const ScorecardPage = () => {
  const session = useSession()
  const sellerId = session?.userId ?? ''
  useDocumentTitle('Scorecard')
  const card = useScorecard(sellerId)
  const s = card.data
  const [overall, tone] = s ? statusText[s.status] : ['', 'neutral' as Tone]
  return (
    <div className="page">
      <PageHeader
        title="Scorecard"
        actions={
          <Link className="btn btn-secondary btn-md" to="/seller/listing-check">
            Check a listing
          </Link>
        }
        badge={s ? <Badge tone={tone}>{overall}</Badge> : null}
        subtitle={
          s
            ? `The last ${s.window.days} days (${s.window.from} to ${s.window.to}), measured against the ${humanize(s.preset)} standards. Cases the policy does not hold against you are left out, each with its reason.`
            : 'How buyers experience your shop, and what each number is made of.'
        }
      />
      <WhenLoaded query={card} pending={<SkeletonRows rows={6} />}>
        {(s) => (
          <>
            <div className="stats stats-wrap" aria-label="Totals">
              <div className="stat">
                <span className="stat-value">{s.totals.orders ?? 0}</span>
                <span className="stat-label">orders</span>
              </div>
              <div className="stat">
                <span className="stat-value">{s.totals.casesOpened ?? 0}</span>
                <span className="stat-label">cases opened</span>
              </div>
              <div className={`stat${(s.totals.casesCounting ?? 0) > 0 ? ' stat-warning' : ''}`}>
                <span className="stat-value">{s.totals.casesCounting ?? 0}</span>
                <span className="stat-label">counting against you</span>
              </div>
              <div className="stat">
                <span className="stat-value">
                  {s.responseTime.averageHours === null
                    ? '—'
                    : `${s.responseTime.averageHours.toFixed(1)} h`}
                </span>
                <span className="stat-label">average first answer</span>
              </div>
            </div>
            <div className="metrics">
              {s.metrics.map((m) => (
                <MetricCard key={m.id} m={m} />
              ))}
            </div>
            {s.alsoExcluded.length > 0 ? (
              <Card title="Never held against you" id="excluded" className="card-quiet">
                <p className="small">
                  {s.alsoExcluded.map((r) => reputationReasonLabel(r)).join(' · ')}
                </p>
              </Card>
            ) : null}
          </>
        )}
      </WhenLoaded>
    </div>
  )
}
