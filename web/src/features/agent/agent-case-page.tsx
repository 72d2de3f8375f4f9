import { useState, type FormEvent } from 'react'
import { useParams } from 'react-router'
import { asApiError } from '../../api/client.ts'
import { useCase, useCaseMove } from '../../api/cases.ts'
import { useDemoUsers, usePeople } from '../../api/demo.ts'
import { useOrder } from '../../api/orders.ts'
import type { Case, Order } from '../../api/types.ts'
import { useSession } from '../../auth/use-session.ts'
import { Badge } from '../../components/badge.tsx'
import { Button } from '../../components/button.tsx'
import { Field } from '../../components/field.tsx'
import { Money } from '../../components/money.tsx'
import { Notice, ProblemNotice } from '../../components/notice.tsx'
import { Card, PageHeader, useDocumentTitle } from '../../components/page.tsx'
import { Countdown, DateTime } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import {
  caseDeadlineLabel,
  caseReasonLabel,
  caseStatusFor,
  caseStatusLabel,
  escalationReasonLabel,
  paymentMethodLabel,
  payoutLabel,
} from '../../lib/labels.ts'
import { caseAction, caseTitle, entryTitle, spokenWords } from '../cases/case-facts.ts'
import { CaseOutcome } from '../cases/case-outcome.tsx'
import { CaseTimeline } from '../cases/case-timeline.tsx'
import { ClaimBesideListing } from '../cases/claim.tsx'
import { EvidenceList } from '../cases/evidence-list.tsx'
import { AgentConversation } from '../conversations/agent-conversation.tsx'
import { CaseReturnsCard } from '../returns/return-card.tsx'
import { DecisionForm } from './decision-form.tsx'
import { LedgerCard } from './ledger-card.tsx'
import { LinkSwapCard } from './link-swap-card.tsx'
import { PrecedentsCard } from './precedents-card.tsx'

type Done = (message: string) => void

/** The agent who made the first decision, while its appeal is open: another agent must review it. */
const firstDeciderOnAppeal = (c: Case, me: string): boolean =>
  c.appeal !== null && c.finalDecision === null && c.decision?.agentId === me

/**
 * Who holds the case and the decision's due time; "Assign to me" and handing
 * the case to a colleague, both only when `availableActions` offers `assign`.
 */
const AssignmentBar = ({ c, me, onDone }: { c: Case; me: string; onDone: Done }) => {
  const person = usePeople()
  const directory = useDemoUsers().data ?? []
  const move = useCaseMove(c)
  const [handTo, setHandTo] = useState('')
  const assign = caseAction(c, 'assign')
  const holder = c.assignedAgentId
  // The decision's due time while a decision is owed; otherwise the case's own live deadline.
  const owed = c.status === 'escalated' || c.status === 'awaiting_info' || c.status === 'appealed'
  const due = owed ? c.decisionDueAt : null
  const mayTake = assign && holder !== me && !firstDeciderOnAppeal(c, me)
  const colleagues = directory.filter(
    (u) =>
      u.role === 'agent' &&
      u.id !== me &&
      u.id !== holder &&
      !(c.appeal !== null && c.decision?.agentId === u.id),
  )
  return (
    <>
      <div
        className={`deadline-strip agent-strip${c.priority === 'breached' ? ' agent-strip-breached' : ''}`}
      >
        <span className="deadline-label">
          {due ? (
            <>
              Decide by <DateTime iso={due} /> ·{' '}
              <Countdown to={due} pastLabel="SLA breached by" soonMs={6 * 3_600_000} />
            </>
          ) : c.deadline ? (
            <>
              {caseDeadlineLabel(c.deadline.kind, 'agent', c.infoRequest?.from)}{' '}
              <DateTime iso={c.deadline.dueAt} /> · <Countdown to={c.deadline.dueAt} />
            </>
          ) : (
            caseStatusLabel(c.status)[0]
          )}
        </span>
        <span className="agent-holder">
          {holder === null ? (
            <span className="unassigned">Unassigned</span>
          ) : holder === me ? (
            <span>
              Assigned to <strong>you</strong>
            </span>
          ) : (
            <span>
              Assigned to <strong>{person(holder)}</strong>
            </span>
          )}
          {mayTake ? (
            <Button
              size="sm"
              variant={holder === null ? 'primary' : 'secondary'}
              busy={
                move.isPending && move.variables.kind === 'assign' && !('agentId' in move.variables)
              }
              disabled={move.isPending}
              onClick={() => move.run({ kind: 'assign' }, () => onDone('The case is yours.'))}
            >
              {holder === null ? 'Assign to me' : 'Take over'}
            </Button>
          ) : null}
          {assign && colleagues.length > 0 ? (
            <form
              className="hand-over"
              onSubmit={(e) => {
                e.preventDefault()
                if (!handTo) return
                move.run({ kind: 'assign', agentId: handTo }, () =>
                  onDone(`Handed to ${person(handTo)}.`),
                )
              }}
            >
              <label className="visually-hidden" htmlFor={`hand-${c.id}`}>
                Hand the case to
              </label>
              <select
                id={`hand-${c.id}`}
                value={handTo}
                onChange={(e) => setHandTo(e.target.value)}
              >
                <option value="">Hand to…</option>
                {colleagues.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
              <Button type="submit" size="sm" variant="ghost" disabled={!handTo || move.isPending}>
                Hand over
              </Button>
            </form>
          ) : null}
        </span>
      </div>
      {move.error ? <ProblemNotice error={asApiError(move.error)} /> : null}
    </>
  )
}

const RequestInformation = ({ c, onDone }: { c: Case; onDone: Done }) => {
  const action = caseAction(c, 'request_information')
  const move = useCaseMove(c)
  const [open, setOpen] = useState(false)
  const [from, setFrom] = useState<'buyer' | 'seller'>('buyer')
  const [question, setQuestion] = useState('')
  const [touched, setTouched] = useState(false)
  if (!action) return null
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    setTouched(true)
    if (!question.trim()) return
    move.run({ kind: 'request-information', body: { from, question: question.trim() } }, () =>
      onDone(`Question sent to the ${from}.`),
    )
  }
  return (
    <Card title="Ask for information" id="ask">
      {open ? (
        <form onSubmit={submit} noValidate>
          <fieldset className="reasons reasons-inline">
            <legend className="field-label">Ask</legend>
            {(['buyer', 'seller'] as const).map((p) => (
              <label key={p} className={`reason${from === p ? ' reason-selected' : ''}`}>
                <input
                  type="radio"
                  name={`ask-${c.id}`}
                  checked={from === p}
                  onChange={() => setFrom(p)}
                />
                <span className="reason-text">The {p}</span>
              </label>
            ))}
          </fieldset>
          <Field
            label="Question"
            error={touched && !question.trim() ? 'Write the question.' : null}
            hint="They get the policy’s time to answer; the SLA keeps running."
          >
            {(p) => (
              <textarea
                {...p}
                rows={3}
                maxLength={5000}
                value={question}
                onChange={(e) => setQuestion(e.target.value)}
              />
            )}
          </Field>
          {move.error ? <ProblemNotice error={asApiError(move.error)} /> : null}
          <div className="button-row">
            <Button type="submit" busy={move.isPending}>
              Send question
            </Button>
            <Button variant="ghost" onClick={() => setOpen(false)} disabled={move.isPending}>
              Back
            </Button>
          </div>
        </form>
      ) : (
        <Button onClick={() => setOpen(true)}>Ask the buyer or seller…</Button>
      )}
    </Card>
  )
}

/** What each side has said, in their words (from the timeline until the conversations API lands). */
const Statements = ({ c }: { c: Case }) => {
  const person = usePeople()
  const said = (role: 'buyer' | 'seller') =>
    c.timeline.flatMap((e) => {
      const words = e.actor.kind === role ? spokenWords(e) : null
      return words === null ? [] : [{ entry: e, words }]
    })
  const column = (role: 'buyer' | 'seller') => {
    const entries = said(role)
    return (
      <section className="compare-side" aria-label={`The ${role} says`}>
        <h3 className="compare-title">
          {role === 'buyer' ? 'Buyer' : 'Seller'} ·{' '}
          {person(role === 'buyer' ? c.buyerId : c.sellerId)}
        </h3>
        {role === 'buyer' ? (
          <div className="statement">
            <span className="statement-head">
              Claim · <DateTime iso={c.openedAt} />
            </span>
            <p>{c.description}</p>
          </div>
        ) : null}
        {entries.length === 0 && role === 'seller' ? (
          <p className="muted">
            {c.sellerResponse === null
              ? 'The seller never responded.'
              : 'No statement beyond the response.'}
          </p>
        ) : null}
        {entries.map(({ entry, words }) => (
          <div className="statement" key={entry.version}>
            <span className="statement-head">
              {entryTitle(entry)} · <DateTime iso={entry.at} />
            </span>
            <p>{words}</p>
          </div>
        ))}
      </section>
    )
  }
  return (
    <Card title="What each side says" id="statements">
      <div className="compare">
        {column('buyer')}
        {column('seller')}
      </div>
    </Card>
  )
}

const OrderFacts = ({ order, c }: { order: Order | undefined; c: Case }) => {
  const person = usePeople()
  if (!order) return null
  const shipment = order.shipments[0]
  return (
    <Card title="Order and payment" id="order-facts">
      <dl className="facts">
        <div>
          <dt>Order</dt>
          <dd className="mono">#{order.externalRef}</dd>
        </div>
        <div>
          <dt>Buyer</dt>
          <dd>{person(order.buyerId)}</dd>
        </div>
        <div>
          <dt>Seller</dt>
          <dd>{person(order.sellerId)}</dd>
        </div>
        <div>
          <dt>Total paid</dt>
          <dd>
            <Money minor={order.total} currency={order.currency} />{' '}
            <span className="muted">
              ({paymentMethodLabel(order.payment.method).toLowerCase()}
              {order.payment.method === 'mixed' ? (
                <>
                  : <Money minor={order.payment.card} currency={order.currency} /> card,{' '}
                  <Money minor={order.payment.credit} currency={order.currency} /> credit
                </>
              ) : null}
              )
            </span>
          </dd>
        </div>
        <div>
          <dt>Items · shipping</dt>
          <dd>
            <Money
              minor={order.total - order.shippingAmount - order.taxAmount}
              currency={order.currency}
            />{' '}
            · <Money minor={order.shippingAmount} currency={order.currency} />
            {order.taxAmount > 0 ? (
              <>
                {' '}
                · tax <Money minor={order.taxAmount} currency={order.currency} />
              </>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Paid</dt>
          <dd>
            <DateTime iso={order.payment.capturedAt} />
          </dd>
        </div>
        <div>
          <dt>Ship by</dt>
          <dd>
            <DateTime iso={order.shipBy} />
          </dd>
        </div>
        <div>
          <dt>Shipped</dt>
          <dd>
            {shipment ? (
              <>
                <DateTime iso={shipment.shippedAt} />
                {order.shippedLate ? <Badge tone="danger">Late</Badge> : null}
                <span className="mono facts-sub">
                  {shipment.carrier} · {shipment.trackingNumber}
                </span>
              </>
            ) : (
              <span className="muted">Not shipped</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Delivered</dt>
          <dd>
            {order.deliveredAt ? (
              <DateTime iso={order.deliveredAt} />
            ) : (
              <span className="muted">
                No · expected <DateTime iso={order.estimatedDeliveryAt} />
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Seller payout</dt>
          <dd>{payoutLabel(order.payout)}</dd>
        </div>
        {c.refunds.length > 0 ? (
          <div>
            <dt>Refunded on case</dt>
            <dd>
              <Money minor={c.refunds.reduce((s, r) => s + r.amount, 0)} currency={c.currency} />
            </dd>
          </div>
        ) : null}
      </dl>
    </Card>
  )
}

/**
 * An appeal goes to a different agent: the API refuses the first decider
 * (APPEAL_NEEDS_DIFFERENT_AGENT), so its `availableActions` have no
 * decide_appeal for them. Say so plainly instead of leaving a gap.
 */
const AppealForSomeoneElse = ({ c, me }: { c: Case; me: string }) => {
  if (c.status !== 'appealed' || caseAction(c, 'decide_appeal') || c.decision?.agentId !== me)
    return null
  return (
    <ProblemNotice
      tone="warning"
      error={{
        code: 'APPEAL_NEEDS_DIFFERENT_AGENT',
        data: { originalAgentId: c.decision.agentId },
      }}
    />
  )
}

const InfoRequestStatus = ({ c }: { c: Case }) => {
  if (!c.infoRequest) return null
  return (
    <Card title={`Waiting for the ${c.infoRequest.from}`} id="info-request" className="card-quiet">
      <blockquote className="claim-quote">{c.infoRequest.question}</blockquote>
      <p className="muted small">
        Answer due <DateTime iso={c.infoRequest.dueAt} /> · <Countdown to={c.infoRequest.dueAt} />
      </p>
    </Card>
  )
}

/** The agent's review of one case: dense, everything on record beside the decision. */
export const AgentCasePage = () => {
  const { caseId = '' } = useParams()
  const session = useSession()
  const me = session?.userId ?? ''
  const viewer = session?.role ?? 'agent'
  const person = usePeople()
  const query = useCase(caseId, { poll: true })
  const order = useOrder(query.data?.orderId ?? '', query.isSuccess)
  const [flash, setFlash] = useState<string | null>(null)
  useDocumentTitle(query.data ? `Review: ${caseTitle(query.data)}` : 'Case review')
  const back = { to: '/agent', label: viewer === 'admin' ? 'Escalations' : 'Queue' }

  return (
    <WhenLoaded query={query} label="Loading the case…" page={{ title: 'Case review', back }}>
      {(c) => {
        const [status, tone] = caseStatusFor(c.status, 'agent')
        const onDone: Done = (message) => {
          setFlash(message)
          window.scrollTo({ top: 0 })
        }
        const decide = caseAction(c, 'decide')
        const decideAppeal = caseAction(c, 'decide_appeal')
        return (
          <div className="page agent-page">
            <PageHeader
              back={back}
              title={caseTitle(c)}
              badge={
                <>
                  <Badge tone={tone}>{status}</Badge>
                  {c.priority === 'breached' ? <Badge tone="danger">SLA breached</Badge> : null}
                </>
              }
              meta={
                <>
                  <span>{caseReasonLabel(c.reason)}</span>
                  <span>
                    Claimed <Money minor={c.claimedAmount} currency={c.currency} />
                  </span>
                  <span>
                    {person(c.buyerId)} (buyer) ↔ {person(c.sellerId)} (seller)
                  </span>
                  {c.escalationReason ? (
                    <span>{escalationReasonLabel(c.escalationReason)}</span>
                  ) : null}
                  {c.escalatedAt ? (
                    <span>
                      Escalated <DateTime iso={c.escalatedAt} />
                    </span>
                  ) : null}
                </>
              }
            />
            {flash ? <Notice tone="success" title={flash} /> : null}
            <AssignmentBar c={c} me={me} onDone={onDone} />
            <div className="agent-layout">
              <div className="agent-main">
                <ClaimBesideListing c={c} order={order.data} viewer="agent" photos="gallery" />
                <Statements c={c} />
                <Card title={`Evidence (${c.evidence.length})`} id="evidence">
                  <EvidenceList evidence={c.evidence} viewer="agent" />
                </Card>
                <AgentConversation c={c} />
                <Card title="Timeline" id="timeline">
                  <CaseTimeline c={c} viewer="agent" dense />
                </Card>
              </div>
              <aside className="agent-side" aria-label="Decide">
                <AppealForSomeoneElse c={c} me={me} />
                {decideAppeal ? <DecisionForm c={c} appeal onDone={onDone} /> : null}
                {decide ? <DecisionForm c={c} appeal={false} onDone={onDone} /> : null}
                <LinkSwapCard c={c} onDone={onDone} />
                <InfoRequestStatus c={c} />
                <RequestInformation c={c} onDone={onDone} />
                <PrecedentsCard c={c} />
                <CaseOutcome c={c} viewer="agent" />
                <OrderFacts order={order.data} c={c} />
                <CaseReturnsCard c={c} viewer="agent" onDone={onDone} />
                <LedgerCard c={c} />
              </aside>
            </div>
          </div>
        )
      }}
    </WhenLoaded>
  )
}
