import { Link } from 'react-router'
import { useCase } from '../../api/cases.ts'
import type { Order } from '../../api/types.ts'
import { Badge } from '../../components/badge.tsx'
import { Card } from '../../components/page.tsx'
import { Countdown, DateTime } from '../../components/time.tsx'
import { caseReasonLabel, caseStatusFor } from '../../lib/labels.ts'
import { hasAction } from '../orders/order-facts.ts'
import { isMyMove } from './case-facts.ts'

const CaseLink = ({ id, viewer }: { id: string; viewer: string }) => {
  const c = useCase(id)
  if (!c.data) {
    return (
      <li>
        <Link to={`/cases/${id}`}>View the case</Link>
      </li>
    )
  }
  const [label, tone] = caseStatusFor(c.data.status, viewer)
  return (
    <li className="case-link">
      <Link to={`/cases/${id}`} className="compact-title">
        {caseReasonLabel(c.data.reason)}
      </Link>
      <Badge tone={tone}>{label}</Badge>
      <span className="muted small compact-when">
        Opened <DateTime iso={c.data.openedAt} />
      </span>
      {isMyMove(c.data) ? <span className="row-flag">Waiting for you</span> : null}
    </li>
  )
}

/**
 * The order's cases, and for the buyer the way in: "Open a case" appears only
 * when the order offers `open_case`, with the window's end as its deadline.
 */
export const OrderCasesPanel = ({ order, viewer }: { order: Order; viewer: string }) => {
  const open = viewer === 'buyer' ? hasAction(order, 'open_case') : undefined
  const past = order.caseIds.filter((id) => id !== order.openCaseId)
  return (
    <>
      {order.openCaseId ? (
        <Card title="A case is open on this order" id="open-case" className="card-attention">
          <ul className="compact-list">
            <CaseLink id={order.openCaseId} viewer={viewer} />
          </ul>
          <p className="muted small">
            {viewer === 'seller'
              ? 'The payout for this order is frozen until the case closes.'
              : 'Answer offers, add evidence and follow the case there.'}
          </p>
        </Card>
      ) : null}
      {open ? (
        <Card title="Something wrong with this order?" id="open-a-case">
          <p>
            Tell us what happened. The seller gets the chance to put it right first; if you can’t
            agree, Recourse steps in.
          </p>
          {open.dueAt ? (
            <p className="muted small">
              You can open a case until <DateTime iso={open.dueAt} /> ·{' '}
              <Countdown to={open.dueAt} />
            </p>
          ) : null}
          <Link className="btn btn-secondary" to={`/orders/${order.id}/open-case`}>
            Open a case
          </Link>
        </Card>
      ) : null}
      {past.length > 0 ? (
        <Card title="Earlier cases" id="past-cases" className="card-quiet">
          <ul className="compact-list">
            {past.map((id) => (
              <CaseLink key={id} id={id} viewer={viewer} />
            ))}
          </ul>
        </Card>
      ) : null}
    </>
  )
}
