import { Link } from 'react-router'
import { usePrecedents } from '../../api/insights.ts'
import type { Case } from '../../api/types.ts'
import { Badge } from '../../components/badge.tsx'
import { Money } from '../../components/money.tsx'
import { Card, SkeletonRows } from '../../components/page.tsx'
import { DateTime } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import {
  caseReasonLabel,
  decisionOutcomeLabel,
  faultLabel,
  funderLabel,
  humanize,
} from '../../lib/labels.ts'
import '../../styles-parties.css'

/** Outcomes of past cases are decisions or closes; both read as words. */
const outcomeText = (outcome: string): string => decisionOutcomeLabel(outcome)

/**
 * The most similar decided cases (reason, category, amount band, evidence
 * kinds) with how each ended, so a decision is consistent with the ones before.
 */
export const PrecedentsCard = ({ c }: { c: Case }) => {
  const query = usePrecedents(c.id)
  return (
    <Card title="Precedents" id="precedents">
      <WhenLoaded query={query} pending={<SkeletonRows rows={2} />}>
        {(p) => (
          <>
            <p className="small">{p.summary}</p>
            <p className="small muted">
              Matched on: {caseReasonLabel(p.profile.reason)} ·{' '}
              <span className="mono">{p.profile.category}</span> · {p.profile.amountBandText}
              {p.profile.evidenceKinds.length > 0
                ? ` · evidence: ${p.profile.evidenceKinds.join(', ')}`
                : ''}
            </p>
            {p.outcomes.length > 0 ? (
              <div className="outcome-chips" aria-label="Outcomes of similar cases">
                {p.outcomes.map((o) => (
                  <Badge key={o.outcome} tone="neutral">
                    {outcomeText(o.outcome)} × {o.count}
                  </Badge>
                ))}
              </div>
            ) : null}
            {p.items.length === 0 ? (
              <p className="muted">No similar case has been decided yet.</p>
            ) : (
              <ul className="precedent-list">
                {p.items.map((i) => (
                  <li key={i.caseId} className="precedent" data-precedent={i.caseId}>
                    <div className="precedent-head">
                      <Link to={`/agent/cases/${i.caseId}`}>{outcomeText(i.outcome)}</Link>
                      <span className="num muted">{Math.round(i.similarity * 100)} % alike</span>
                    </div>
                    <span className="row-sub">
                      {caseReasonLabel(i.reason)} ·{' '}
                      <Money minor={i.claimedAmount} currency={i.currency} /> ·{' '}
                      {i.escalated ? 'decided by an agent' : 'settled by the parties'} · closed{' '}
                      <DateTime iso={i.closedAt} />
                    </span>
                    {i.fault ? (
                      <span className="row-sub">
                        Fault: {faultLabel(i.fault)}
                        {i.funding ? ` · paid by ${funderLabel(i.funding).toLowerCase()}` : ''}
                      </span>
                    ) : null}
                    {i.rationale ? (
                      <blockquote className="claim-quote">{i.rationale}</blockquote>
                    ) : null}
                    <span className="row-sub">Alike in: {i.matched.map(humanize).join(', ')}</span>
                  </li>
                ))}
              </ul>
            )}
            {p.reusedEvidence.length > 0 ? (
              <p className="small" role="note">
                <Badge tone="danger">Evidence reused</Badge> {p.reusedEvidence.length} file
                {p.reusedEvidence.length === 1 ? '' : 's'} on this case also appear on{' '}
                {p.reusedEvidence.flatMap((r) => r.cases).length} other case
                {p.reusedEvidence.flatMap((r) => r.cases).length === 1 ? '' : 's'}.
              </p>
            ) : null}
          </>
        )}
      </WhenLoaded>
    </Card>
  )
}
