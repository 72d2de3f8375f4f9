import { useState, type ComponentType, type ReactNode } from 'react'
import { Link, useLocation, useParams } from 'react-router'
import { useCase } from '../../api/cases.ts'
import { usePeople } from '../../api/demo.ts'
import { useOrder } from '../../api/orders.ts'
import { useSession } from '../../auth/use-session.ts'
import { Badge } from '../../components/badge.tsx'
import { Notice } from '../../components/notice.tsx'
import { Card, PageHeader, useDocumentTitle } from '../../components/page.tsx'
import { DateTime } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import { caseReasonLabel, caseStatusFor } from '../../lib/labels.ts'
import { caseTitle, pendingOffer } from './case-facts.ts'
import type { CasePanelProps } from './case-panel.ts'
import { CaseMessages } from './case-messages.tsx'
import { CaseOutcome } from './case-outcome.tsx'
import { CaseDeadlineStrip, CaseTimeline } from './case-timeline.tsx'
import { ClaimBesideListing } from './claim.tsx'
import { EvidenceList } from './evidence-list.tsx'
import { OffersList, PendingOfferCard } from './offers.tsx'
import {
  AddEvidenceCard,
  AppealCard,
  EscalateCard,
  MakeOfferCard,
  ProvideInfoCard,
  WithdrawCard,
} from './party-actions.tsx'
import { SellerResponseCard } from './seller-response.tsx'
import { CaseMoneyPanel } from '../returns/money-card.tsx'
import { CaseReturnPanel } from '../returns/return-card.tsx'
import { CaseSwapPanel } from './swap-panel.tsx'

/** What happens next when nothing waits on this viewer. */
const NextStep = ({ c, viewer }: CasePanelProps) => {
  const attention = ['accept_offer', 'accept_claim', 'provide_information', 'appeal', 'escalate']
  if (c.availableActions.some((a) => attention.includes(a.action)) || pendingOffer(c)) return null
  const due = c.deadline ? <DateTime iso={c.deadline.dueAt} /> : null
  let text: ReactNode = null
  switch (c.status) {
    case 'awaiting_seller':
      text =
        viewer === 'buyer' ? (
          <>
            The seller has until {due} to answer: accept, offer a solution, or dispute. You’ll see
            it here.
          </>
        ) : null
      break
    case 'awaiting_buyer':
      text =
        viewer === 'seller' ? (
          <>Waiting for the buyer. They can accept, reply, or ask Recourse to step in.</>
        ) : null
      break
    case 'escalated':
    case 'appealed':
      text = (
        <>
          An agent is reviewing the case{due ? <> and decides by {due}</> : null}. Both sides hear
          the decision here.
        </>
      )
      break
    case 'awaiting_info':
      text = <>The agent asked the {c.infoRequest?.from ?? 'other side'} for more information.</>
      break
    case 'awaiting_follow_up':
      text = <>The resolution is under way; the case closes when it completes.</>
      break
    default:
      text = null
  }
  if (!text) return null
  return (
    <Card title="What happens next" id="next" className="card-quiet">
      <p>{text}</p>
    </Card>
  )
}

const PendingOffer = ({ c, viewer, onDone }: CasePanelProps) => (
  <PendingOfferCard c={c} viewer={viewer} onDone={onDone} />
)
const Respond = ({ c, order, onDone }: CasePanelProps) => (
  <SellerResponseCard c={c} order={order} onDone={onDone} />
)
const ProvideInfo = ({ c, onDone }: CasePanelProps) => <ProvideInfoCard c={c} onDone={onDone} />
const Appeal = ({ c, onDone }: CasePanelProps) => <AppealCard c={c} onDone={onDone} />
const Escalate = ({ c, viewer, onDone }: CasePanelProps) => (
  <EscalateCard c={c} viewer={viewer} onDone={onDone} />
)
const MakeOffer = ({ c, viewer, onDone }: CasePanelProps) => (
  <MakeOfferCard c={c} viewer={viewer} onDone={onDone} />
)
const AddEvidence = ({ c, onDone }: CasePanelProps) => <AddEvidenceCard c={c} onDone={onDone} />
const Withdraw = ({ c, onDone }: CasePanelProps) => <WithdrawCard c={c} onDone={onDone} />

const Evidence = ({ c, viewer }: CasePanelProps) => (
  <Card
    title={c.evidence.length > 0 ? `Evidence (${c.evidence.length})` : 'Evidence'}
    id="evidence"
  >
    <EvidenceList evidence={c.evidence} viewer={viewer} />
  </Card>
)
const Claim = ({ c, order, viewer }: CasePanelProps) => (
  <ClaimBesideListing c={c} order={order} viewer={viewer} />
)
const Outcome = ({ c, viewer }: CasePanelProps) => <CaseOutcome c={c} viewer={viewer} />
const Offers = ({ c, viewer }: CasePanelProps) => <OffersList c={c} viewer={viewer} />
const Messages = ({ c, viewer }: CasePanelProps) => <CaseMessages c={c} viewer={viewer} />
const Timeline = ({ c, viewer }: CasePanelProps) => (
  <Card title="Timeline" id="timeline">
    <CaseTimeline c={c} viewer={viewer} />
  </Card>
)

/**
 * The page is two lists of panels. Each renders itself only when the case
 * gives it something to show (its `availableActions`, its records), so a
 * panel for a new API (the return label, refunds and credits, translated
 * messages) is one entry here, not a new branch in the page.
 */
const actionPanels: readonly ComponentType<CasePanelProps>[] = [
  NextStep,
  CaseReturnPanel,
  CaseSwapPanel,
  PendingOffer,
  Respond,
  ProvideInfo,
  Appeal,
  Escalate,
  MakeOffer,
  AddEvidence,
  Withdraw,
]
const recordPanels: readonly ComponentType<CasePanelProps>[] = [
  Claim,
  Outcome,
  CaseMoneyPanel,
  Offers,
  Evidence,
  Messages,
  Timeline,
]

interface LocationState {
  readonly opened?: boolean
}

/** A case, for its buyer or its seller: what to do now beside everything on record. */
export const CasePage = () => {
  const { caseId = '' } = useParams()
  const session = useSession()
  const location = useLocation()
  const person = usePeople()
  const viewer = session?.role === 'seller' ? 'seller' : 'buyer'
  const query = useCase(caseId, { poll: true })
  const order = useOrder(query.data?.orderId ?? '', query.isSuccess)
  const opened = (location.state as LocationState | null)?.opened === true
  const [flash, setFlash] = useState<string | null>(
    opened ? 'Case opened. The seller has been told and will respond here.' : null,
  )
  const title = query.data ? caseTitle(query.data) : 'Case'
  useDocumentTitle(query.data ? `Case: ${title}` : 'Case')
  const back =
    viewer === 'seller'
      ? { to: '/cases', label: 'Case inbox' }
      : { to: '/cases', label: 'My cases' }

  return (
    <WhenLoaded query={query} label="Loading the case…" page={{ title: 'Case', back }}>
      {(c) => {
        const [statusText, tone] = caseStatusFor(c.status, viewer)
        const props: CasePanelProps = {
          c,
          order: order.data,
          viewer,
          onDone: (message) => {
            setFlash(message)
            window.scrollTo({ top: 0 })
          },
        }
        const other =
          viewer === 'buyer' ? `Seller: ${person(c.sellerId)}` : `Buyer: ${person(c.buyerId)}`
        return (
          <div className="page">
            <PageHeader
              back={back}
              title={title}
              badge={<Badge tone={tone}>{statusText}</Badge>}
              meta={
                <>
                  <span>{caseReasonLabel(c.reason)}</span>
                  <span>
                    Order{' '}
                    <Link to={`/orders/${c.orderId}`}>
                      {order.data ? `#${order.data.externalRef}` : 'details'}
                    </Link>
                  </span>
                  <span>{other}</span>
                  <span>
                    Opened <DateTime iso={c.openedAt} />
                  </span>
                </>
              }
            />
            {flash ? (
              <Notice
                tone="success"
                title={flash}
                action={
                  <button
                    type="button"
                    className="btn btn-ghost btn-sm"
                    onClick={() => setFlash(null)}
                  >
                    Dismiss
                  </button>
                }
              />
            ) : null}
            <CaseDeadlineStrip c={c} viewer={viewer} />
            <div className="case-layout">
              <aside className="case-side" aria-label="What you can do">
                {actionPanels.map((Panel, i) => (
                  <Panel key={i} {...props} />
                ))}
                {c.availableActions.length === 0 && c.status === 'closed' ? (
                  <Card title="This case is closed" id="closed" className="card-quiet">
                    <p className="muted">
                      Nothing more to do here. The record stays for both sides.
                    </p>
                  </Card>
                ) : null}
              </aside>
              <div className="case-main">
                {recordPanels.map((Panel, i) => (
                  <Panel key={i} {...props} />
                ))}
              </div>
            </div>
          </div>
        )
      }}
    </WhenLoaded>
  )
}
