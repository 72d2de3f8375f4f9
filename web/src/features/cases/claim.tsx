import { usePeople } from '../../api/demo.ts'
import type { Case, Order } from '../../api/types.ts'
import { ListingDetails } from '../../components/listing-details.tsx'
import { Money } from '../../components/money.tsx'
import { Card, Loading } from '../../components/page.tsx'
import { DateTime } from '../../components/time.tsx'
import { caseReasonChoice, caseReasonLabel, desiredOutcomeLabel } from '../../lib/labels.ts'

/**
 * What the buyer claims, beside the listing as it was sold: the two things
 * every answer and every decision on a case weighs against each other.
 */
export const ClaimBesideListing = ({
  c,
  order,
  viewer,
  photos = 'thumb',
}: {
  c: Case
  order: Order | undefined
  viewer: string
  photos?: 'thumb' | 'gallery'
}) => {
  const person = usePeople()
  const claimedLines = c.lines.map((l) => ({
    claim: l,
    line: order?.lines.find((o) => o.lineId === l.lineId),
  }))
  const buyer = viewer === 'buyer' ? 'You' : person(c.buyerId)
  return (
    <Card title="The claim beside the listing" id="claim">
      <div className="compare">
        <section className="compare-side" aria-labelledby="claim-side-title">
          <h3 className="compare-title" id="claim-side-title">
            {viewer === 'buyer' ? 'Your claim' : 'The buyer’s claim'}
          </h3>
          <p className="claim-reason">{caseReasonLabel(c.reason)}</p>
          <p className="muted small claim-reason-hint">{caseReasonChoice[c.reason]?.hint}</p>
          <dl className="kv kv-tight">
            <div>
              <dt>Asks for</dt>
              <dd>{desiredOutcomeLabel(c.desiredOutcome)}</dd>
            </div>
            <div>
              <dt>Claimed</dt>
              <dd>
                <strong>
                  <Money minor={c.claimedAmount} currency={c.currency} />
                </strong>{' '}
                <span className="muted">
                  {c.wholeOrder ? '· the whole order' : '· part of the order'}
                </span>
              </dd>
            </div>
            <div>
              <dt>Items</dt>
              <dd>
                {c.lines.map((l) => (
                  <span key={l.lineId} className="claim-line">
                    {l.quantity > 1 ? `${l.quantity} × ` : ''}
                    {l.title} · <Money minor={l.amount} currency={c.currency} />
                  </span>
                ))}
              </dd>
            </div>
            <div>
              <dt>Opened</dt>
              <dd>
                {buyer}, <DateTime iso={c.openedAt} />
              </dd>
            </div>
          </dl>
          <blockquote className="claim-quote">{c.description}</blockquote>
        </section>
        <section className="compare-side compare-listing" aria-labelledby="listing-side-title">
          <h3 className="compare-title" id="listing-side-title">
            The listing as sold
          </h3>
          {order ? (
            claimedLines.map(({ claim, line }) =>
              line ? (
                <ListingDetails
                  key={claim.lineId}
                  listing={line.listing}
                  unitPrice={line.unitPrice}
                  quantity={line.quantity}
                  currency={order.currency}
                  photos={photos}
                  headingLevel={4}
                />
              ) : null,
            )
          ) : (
            <Loading label="Loading the listing…" />
          )}
        </section>
      </div>
    </Card>
  )
}
