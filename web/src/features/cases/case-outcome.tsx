import { usePeople } from '../../api/demo.ts'
import type { Case, Decision } from '../../api/types.ts'
import { Money } from '../../components/money.tsx'
import { Card } from '../../components/page.tsx'
import { DateTime } from '../../components/time.tsx'
import {
  closeReasonLabel,
  decisionOutcomeLabel,
  faultLabel,
  funderLabel,
  reputationReasonLabel,
} from '../../lib/labels.ts'
import { formatMoney } from '../../lib/money.ts'

const DecisionFacts = ({ d, c, title }: { d: Decision; c: Case; title: string }) => {
  const person = usePeople()
  return (
    <section className="decision" aria-label={title}>
      <h3 className="compare-title">{title}</h3>
      <p className="decision-outcome">
        {decisionOutcomeLabel(d.outcome)}
        {d.amount !== null ? (
          <>
            {' '}
            of <Money minor={d.amount} currency={c.currency} />
          </>
        ) : null}
      </p>
      <dl className="kv kv-tight">
        <div>
          <dt>At fault</dt>
          <dd>{faultLabel(d.fault)}</dd>
        </div>
        {d.funding ? (
          <div>
            <dt>Who pays</dt>
            <dd>{funderLabel(d.funding)}</dd>
          </div>
        ) : null}
        <div>
          <dt>Decided by</dt>
          <dd>
            {person(d.agentId)}, <DateTime iso={d.at} />
          </dd>
        </div>
      </dl>
      <blockquote className="claim-quote">{d.rationale}</blockquote>
      {d.followUpInstructions ? (
        <p className="decision-follow">
          <strong>Next:</strong> {d.followUpInstructions}
        </p>
      ) : null}
    </section>
  )
}

/**
 * How the case ended or stands: the agent's decision (and the appeal's), the
 * settlement, why it closed and whether it counts against the seller.
 */
export const CaseOutcome = ({ c, viewer }: { c: Case; viewer: string }) => {
  const refunded = c.refunds.reduce((sum, r) => sum + r.amount, 0)
  const closed = c.status === 'closed'
  if (!closed && !c.decision && !c.settlement && !c.followUp) return null
  const funders = [...new Set(c.refunds.map((r) => r.funding))]
  return (
    <Card
      title={closed ? 'Outcome' : 'Resolution'}
      id="outcome"
      className={closed ? 'card-outcome' : ''}
    >
      {closed && c.closeReason ? (
        <div className="outcome-head">
          <p className="outcome-line">{closeReasonLabel(c.closeReason)}</p>
          {c.closedAt ? (
            <span className="muted small">
              Closed <DateTime iso={c.closedAt} />
            </span>
          ) : null}
        </div>
      ) : null}
      {refunded > 0 ? (
        <p className="refund-line">
          {formatMoney(refunded, c.currency)}{' '}
          {viewer === 'buyer' ? 'is refunded to you' : 'is refunded to the buyer'}
          {funders.length > 0
            ? `, paid by ${funders.map((f) => funderLabel(f).toLowerCase()).join(' and ')}`
            : ''}
          .
        </p>
      ) : null}
      {c.followUp && c.followUp.status === 'running' ? (
        <p className="muted">
          {c.followUp.kind === 'return'
            ? 'The item goes back to the seller; the refund follows when the return completes.'
            : c.followUp.kind === 'swap'
              ? 'Swapped orders: each buyer sends the other’s item on; the case closes when both arrive.'
              : 'The seller sends a replacement.'}
          {c.followUp.deliverBy ? (
            <>
              {' '}
              It arrives by <DateTime iso={c.followUp.deliverBy} />.
            </>
          ) : null}
        </p>
      ) : null}
      {c.decision ? (
        <DecisionFacts
          d={c.decision}
          c={c}
          title={c.finalDecision ? 'First decision' : 'Decision'}
        />
      ) : null}
      {c.appeal ? (
        <section className="decision" aria-label="Appeal">
          <h3 className="compare-title">
            Appealed by {c.appeal.by === viewer ? 'you' : `the ${c.appeal.by}`},{' '}
            <DateTime iso={c.appeal.at} />
          </h3>
          <blockquote className="claim-quote">{c.appeal.newInformation}</blockquote>
        </section>
      ) : null}
      {c.finalDecision ? (
        <DecisionFacts d={c.finalDecision} c={c} title="Appeal decision (final)" />
      ) : null}
      {closed && c.reputationReason !== null && viewer !== 'buyer' ? (
        <p className={`reputation ${c.countsAgainstSeller ? 'reputation-bad' : 'reputation-ok'}`}>
          {c.countsAgainstSeller
            ? `Counts against ${viewer === 'seller' ? 'your' : 'the seller’s'} record: ${reputationReasonLabel(c.reputationReason)}.`
            : `Doesn’t count against ${viewer === 'seller' ? 'your' : 'the seller’s'} record: ${reputationReasonLabel(c.reputationReason)}.`}
        </p>
      ) : null}
    </Card>
  )
}
