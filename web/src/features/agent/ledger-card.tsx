import { useLedger } from '../../api/money.ts'
import type { Case } from '../../api/types.ts'
import { Badge } from '../../components/badge.tsx'
import { Money } from '../../components/money.tsx'
import { Card, SkeletonRows } from '../../components/page.tsx'
import { DateTime } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import { humanize, payoutLabel } from '../../lib/labels.ts'
import { RefundRows } from '../returns/money-card.tsx'
import '../../styles-parties.css'

/** `buyer_card:90b61ac2-8e61-…` → `buyer_card:90b61ac2…`: the kind and enough of the id to tell apart. */
const shortAccount = (account: string): string =>
  account.replace(/:([0-9a-f]{8})-[0-9a-f-]{27}$/, ':$1…')

/**
 * The order's money as the ledger holds it: what was captured and how, what
 * went back and where, what is still refundable, the payout, and every
 * posting (each sums to zero).
 */
export const LedgerCard = ({ c }: { c: Case }) => {
  const query = useLedger(c.orderId)
  const l = query.data
  const money = (minor: number) => <Money minor={minor} currency={l?.currency ?? c.currency} />
  return (
    <Card title="Ledger" id="ledger">
      <WhenLoaded query={query} pending={<SkeletonRows rows={3} />}>
        {(l) => (
          <>
            <dl className="facts ledger-totals">
              <div>
                <dt>Captured</dt>
                <dd>
                  {money(l.totals.captured)}
                  <span className="facts-sub">
                    card {money(l.totals.capturedByCard)} · credit{' '}
                    {money(l.totals.capturedByCredit)}
                  </span>
                </dd>
              </div>
              <div>
                <dt>Refunded</dt>
                <dd>
                  {money(l.totals.refundedToCard)} to card · {money(l.totals.credited)} as credit
                  {l.totals.inFlight > 0 ? (
                    <span className="facts-sub">{money(l.totals.inFlight)} in flight</span>
                  ) : null}
                  {l.totals.failed > 0 ? (
                    <span className="facts-sub">
                      <Badge tone="danger">Failed</Badge> {money(l.totals.failed)}
                    </span>
                  ) : null}
                </dd>
              </div>
              <div>
                <dt>Still refundable</dt>
                <dd>
                  <strong>{money(l.totals.refundable)}</strong>
                </dd>
              </div>
              {l.totals.labelCharges > 0 ? (
                <div>
                  <dt>Label charges</dt>
                  <dd>{money(l.totals.labelCharges)}</dd>
                </div>
              ) : null}
              <div>
                <dt>Payout</dt>
                <dd>
                  {payoutLabel(l.payout.orderPayout)}
                  {l.payout.releasedAt ? (
                    <span className="facts-sub">
                      {l.payout.releasedAmount !== null ? money(l.payout.releasedAmount) : null}{' '}
                      released <DateTime iso={l.payout.releasedAt} />
                    </span>
                  ) : null}
                </dd>
              </div>
            </dl>
            {l.refunds.length > 0 ? <RefundRows refunds={l.refunds} /> : null}
            <details className="ledger-postings">
              <summary>Postings ({l.postings.length})</summary>
              <div className="table-scroll">
                <table className="data-table data-table-dense">
                  <caption className="visually-hidden">Ledger postings, oldest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Posting</th>
                      <th scope="col">Account</th>
                      <th scope="col" className="num">
                        Amount
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {l.postings.flatMap((p) =>
                      p.entries.map((e, i) => (
                        <tr key={`${p.postingId}-${i}`} className={i === 0 ? 'posting-first' : ''}>
                          <td>{i === 0 ? <DateTime iso={p.at} /> : null}</td>
                          <td>{i === 0 ? humanize(p.kind) : null}</td>
                          <td className="mono" title={e.account}>
                            {shortAccount(e.account)}
                          </td>
                          <td className="num">
                            <Money minor={e.amount} currency={p.currency} />
                          </td>
                        </tr>
                      )),
                    )}
                  </tbody>
                </table>
              </div>
            </details>
          </>
        )}
      </WhenLoaded>
    </Card>
  )
}
