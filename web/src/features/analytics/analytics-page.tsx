import { useState } from 'react'
import { Link } from 'react-router'
import {
  useDisputeProneListings,
  useLateShippers,
  useReturnAbuse,
  useTrends,
} from '../../api/admin.ts'
import { BarChart, LineChart, seriesColors, TableScroll } from '../../components/charts.tsx'
import { Field } from '../../components/field.tsx'
import { Badge } from '../../components/badge.tsx'
import { appealStatusLabel } from '../record/appeal-facts.ts'
import { Card, EmptyState, PageHeader, useDocumentTitle } from '../../components/page.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import { humanize } from '../../lib/labels.ts'
import { formatDay } from '../../lib/time.ts'
import '../admin/admin.css'

const pct = (v: number): string => `${(Math.round(v * 1000) / 10).toLocaleString()} %`
const hours = (h: number | null): string =>
  h === null ? '—' : h < 48 ? `${Math.round(h)} h` : `${Math.round((h / 24) * 10) / 10} days`

const Trends = () => {
  const [days, setDays] = useState(90)
  const [bucket, setBucket] = useState<'day' | 'week'>('week')
  const trends = useTrends(days, bucket)
  const t = trends.data
  return (
    <>
      <Card>
        <div className="toolbar">
          <Field label="Window">
            {(p) => (
              <select {...p} value={days} onChange={(e) => setDays(Number(e.target.value))}>
                <option value={30}>Last 30 days</option>
                <option value={90}>Last 90 days</option>
                <option value={180}>Last 180 days</option>
                <option value={365}>Last year</option>
              </select>
            )}
          </Field>
          <Field label="Per">
            {(p) => (
              <select
                {...p}
                value={bucket}
                onChange={(e) => setBucket(e.target.value as 'day' | 'week')}
              >
                <option value="week">Week</option>
                <option value="day">Day</option>
              </select>
            )}
          </Field>
          {t ? (
            <p className="small muted">
              {formatDay(`${t.window.from}T12:00:00Z`)} – {formatDay(`${t.window.to}T12:00:00Z`)},
              UTC days
            </p>
          ) : null}
        </div>
      </Card>
      <WhenLoaded query={trends} label="Reading the rollups…">
        {(t) => (
          <div className="chart-grid-2" style={{ marginTop: 14 }}>
            <Card className="chart-card">
              <LineChart
                title="Case rate over time"
                description={`Cases opened per order placed, per ${bucket}, and the share counting against sellers.`}
                series={[
                  { name: 'Cases opened / orders', color: seriesColors[0] },
                  { name: 'Counting against sellers / orders', color: seriesColors[1] },
                ]}
                points={t.caseRate.map((p) => ({
                  label: formatDay(`${p.from}T12:00:00Z`),
                  values: [p.caseRate, p.countingRate],
                }))}
                format={pct}
                extraColumns={[
                  { name: 'Orders', values: t.caseRate.map((p) => p.orders.toLocaleString()) },
                  { name: 'Cases', values: t.caseRate.map((p) => p.casesOpened.toLocaleString()) },
                ]}
              />
            </Card>
            <Card className="chart-card">
              {t.reasons.length === 0 ? (
                <EmptyState title="No cases in this window" />
              ) : (
                <BarChart
                  title="Reasons"
                  description="Cases opened in the window by reason: all, escalated to an agent, and counting against the seller."
                  series={[
                    { name: 'Opened', color: seriesColors[0] },
                    { name: 'Escalated', color: seriesColors[1] },
                    { name: 'Counting against seller', color: seriesColors[2] },
                  ]}
                  rows={t.reasons.map((r) => ({
                    label: `${humanize(r.reason)}${r.remorse ? ' (remorse)' : ''}`,
                    values: [r.opened, r.escalated, r.countingAgainstSeller],
                  }))}
                />
              )}
            </Card>
            <Card className="chart-card">
              <div className="stats" style={{ marginBottom: 10 }}>
                <div className="stat">
                  <span className="stat-value">{t.resolution.closed.toLocaleString()}</span>
                  <span className="stat-label">cases closed</span>
                </div>
                <div className="stat">
                  <span className="stat-value">{hours(t.resolution.medianHours)}</span>
                  <span className="stat-label">median time to close</span>
                </div>
                <div className="stat">
                  <span className="stat-value">{hours(t.resolution.p90Hours)}</span>
                  <span className="stat-label">90th percentile</span>
                </div>
              </div>
              <BarChart
                title="Resolution times"
                description="Cases closed in the window by how long they took from opening, split by whether an agent decided."
                series={[
                  { name: 'Settled by buyer and seller', color: seriesColors[0] },
                  { name: 'Decided by an agent', color: seriesColors[1] },
                ]}
                rows={t.resolution.buckets.map((b) => ({
                  label: b.label,
                  values: [b.settledByParties, b.decidedByAgent],
                }))}
              />
            </Card>
            <LateShippers />
          </div>
        )}
      </WhenLoaded>
    </>
  )
}

const LateShippers = () => {
  const late = useLateShippers()
  const items = late.data?.items ?? []
  return (
    <Card title="Late shippers" id="late-shippers">
      <p className="small muted">
        Sellers with open orders due to ship soon, ranked by how many they are likely to ship late.
      </p>
      <WhenLoaded query={late}>
        {() =>
          items.length === 0 ? (
            <EmptyState title="Nobody looks late" />
          ) : (
            <>
              <BarChart
                title="Expected late shipments"
                description="Open orders each seller is expected to ship late: due soon or overdue orders times their late-shipment history."
                series={[{ name: 'Expected late', color: seriesColors[1] }]}
                rows={items.map((s) => ({ label: s.sellerId, values: [s.expectedLate] }))}
                format={(v) => (Math.round(v * 10) / 10).toLocaleString()}
              />
              <TableScroll label="Late shippers with the reasons">
                <table className="data-table">
                  <caption className="visually-hidden">Late shippers with the reasons</caption>
                  <thead>
                    <tr>
                      <th scope="col">Seller</th>
                      <th scope="col" className="num">
                        Due soon
                      </th>
                      <th scope="col" className="num">
                        Overdue
                      </th>
                      <th scope="col" className="num">
                        Late before
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((s) => (
                      <tr key={s.sellerId}>
                        <th scope="row">
                          {s.sellerId}
                          <div className="small muted">
                            {s.reasons.map((r) => r.text).join(' ')}
                          </div>
                        </th>
                        <td className="num">{s.dueSoon}</td>
                        <td className="num">{s.overdue}</td>
                        <td className="num">{pct(s.history.lateProbability)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </>
          )
        }
      </WhenLoaded>
    </Card>
  )
}

const RiskLists = () => {
  const listings = useDisputeProneListings()
  const abuse = useReturnAbuse()
  const l = listings.data?.items ?? []
  const a = abuse.data?.items ?? []
  return (
    <div className="chart-grid-2" style={{ marginTop: 14 }}>
      <Card title="Dispute-prone listings" id="dispute-prone">
        <p className="small muted">
          Ranked by the Wilson lower bound of the not-as-described rate, so a listing with three
          orders does not top the list.
        </p>
        <WhenLoaded query={listings}>
          {() =>
            l.length === 0 ? (
              <EmptyState title="No listing stands out" />
            ) : (
              <TableScroll label="Dispute-prone listings">
                <table className="data-table">
                  <caption className="visually-hidden">Dispute-prone listings</caption>
                  <thead>
                    <tr>
                      <th scope="col">Listing</th>
                      <th scope="col" className="num">
                        Orders
                      </th>
                      <th scope="col" className="num">
                        Not as described
                      </th>
                      <th scope="col" className="num">
                        Rate (95 % range)
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {l.map((x) => (
                      <tr key={x.id}>
                        <th scope="row">
                          {x.title ?? x.id}
                          <div className="small muted">
                            {x.category}
                            {x.sellerId ? ` · ${x.sellerId}` : ''}
                          </div>
                        </th>
                        <td className="num">{x.orders}</td>
                        <td className="num">{x.notAsDescribed}</td>
                        <td className="num">
                          {pct(x.rate)} ({pct(x.lowerBound)}–{pct(x.upperBound)})
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )
          }
        </WhenLoaded>
      </Card>
      <Card
        title="Return abuse"
        id="return-abuse"
        actions={
          <Link className="small" to="/agent/abuse-appeals">
            Abuse appeals
          </Link>
        }
      >
        <p className="small muted">
          Buyers whose returns or claims cross a threshold, with the reason. A buyer may appeal; a
          cleared appeal takes the buyer off this list until its numbers get worse.
        </p>
        <WhenLoaded query={abuse}>
          {() =>
            a.length === 0 ? (
              <EmptyState title="No buyer crosses a threshold" />
            ) : (
              <TableScroll label="Buyers with abuse signals">
                <table className="data-table">
                  <caption className="visually-hidden">Buyers with abuse signals</caption>
                  <thead>
                    <tr>
                      <th scope="col">Buyer</th>
                      <th scope="col" className="num">
                        Orders
                      </th>
                      <th scope="col" className="num">
                        Cases
                      </th>
                      <th scope="col" className="num">
                        Returns
                      </th>
                      <th scope="col">Appeal</th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.map((b) => (
                      <tr key={b.buyerId}>
                        <th scope="row">
                          {b.buyerId}
                          <div className="small muted">
                            {b.signals.map((s) => s.text).join(' ')}
                          </div>
                        </th>
                        <td className="num">{b.orders}</td>
                        <td className="num">{b.casesOpened}</td>
                        <td className="num">{b.returns}</td>
                        <td>
                          {b.appeal ? (
                            <Badge tone={appealStatusLabel(b.appeal.status)[1]}>
                              {appealStatusLabel(b.appeal.status)[0]}
                            </Badge>
                          ) : (
                            <span className="muted">—</span>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )
          }
        </WhenLoaded>
      </Card>
    </div>
  )
}

/** Analytics for agents and admins: trends from the insight rollups and the risk lists. */
export const AnalyticsPage = () => {
  useDocumentTitle('Analytics')
  return (
    <div className="page">
      <PageHeader
        title="Analytics"
        subtitle="How disputes move on this marketplace, and who needs attention before they do."
      />
      <Trends />
      <RiskLists />
    </div>
  )
}
