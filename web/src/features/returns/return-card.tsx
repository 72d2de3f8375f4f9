import { Link } from 'react-router'
import { downloadLabel, useCaseReturns, useShipReturn } from '../../api/returns.ts'
import type { Case, Return } from '../../api/types.ts'
import { Badge } from '../../components/badge.tsx'
import { Money } from '../../components/money.tsx'
import { Card } from '../../components/page.tsx'
import '../../styles-parties.css'
import { Countdown, DateTime } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import type { CasePanelProps } from '../cases/case-panel.ts'
import { ParcelShipping } from './parcel-shipping.tsx'
import {
  conditionLabel,
  returnAction,
  returnStatusLabel,
  shippingPaidByLabel,
} from './return-facts.ts'

/** The buyer's two moves: save the label, then say the parcel is on its way. */
const BuyerReturnActions = ({ r, onDone }: { r: Return; onDone: (m: string) => void }) => {
  const ship = returnAction(r, 'ship')
  const label = returnAction(r, 'download_label')
  const mutation = useShipReturn(r)
  if (!ship && !label) return null
  return (
    <div className="return-actions">
      <ParcelShipping
        download={label ? () => downloadLabel(r) : null}
        downloadText="Download return label (PDF)"
        shipBy={ship ? (ship.dueAt ?? r.shipBy) : null}
        mutation={mutation}
        submitText="I’ve shipped the return"
        onShipped={() => onDone('Return marked as shipped. The seller will see it arrive.')}
      />
    </div>
  )
}

/** One return: where it is, its deadlines, what the inspection found, and the viewer's moves. */
export const ReturnSummary = ({
  r,
  viewer,
  onDone,
  linkToInspection = true,
}: {
  r: Return
  viewer: 'buyer' | 'seller' | 'agent'
  onDone: (message: string) => void
  /** Off on the return's own page, where the inspection form already is. */
  linkToInspection?: boolean
}) => {
  const [status, tone] = returnStatusLabel(r.status)
  const inspect = returnAction(r, 'inspect')
  return (
    <div className="return-summary" data-return={r.id}>
      <div className="return-head">
        <Badge tone={tone}>{status}</Badge>
        <span className="mono">{r.rma}</span>
      </div>
      <dl className="kv kv-tight">
        <div>
          <dt>Carrier</dt>
          <dd>
            {r.shipment ? (
              <span className="mono">
                {r.shipment.carrier} · {r.shipment.trackingNumber}
              </span>
            ) : (
              <span className="mono">
                {r.label.carrier} · {r.label.trackingNumber}
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Shipped</dt>
          <dd>
            {r.shipment ? (
              <>
                <DateTime iso={r.shipment.shippedAt} />
                {r.shipment.late ? <Badge tone="warning">Late</Badge> : null}
              </>
            ) : r.status === 'label_issued' ? (
              <>
                Not yet · by <DateTime iso={r.shipBy} />
              </>
            ) : (
              <span className="muted">No</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Delivered</dt>
          <dd>
            {r.deliveredAt ? (
              <DateTime iso={r.deliveredAt} />
            ) : (
              <span className="muted">Not yet</span>
            )}
          </dd>
        </div>
        {r.inspectBy && !r.inspection ? (
          <div>
            <dt>Inspect by</dt>
            <dd>
              <DateTime iso={r.inspectBy} /> · <Countdown to={r.inspectBy} />
            </dd>
          </div>
        ) : null}
        {r.inspection ? (
          <div>
            <dt>Inspection</dt>
            <dd>
              {conditionLabel(r.inspection.condition)}
              {r.inspection.deduction > 0 ? (
                <>
                  {' '}
                  · kept back <Money minor={r.inspection.deduction} currency={r.currency} />
                  {r.inspection.deductionReason ? (
                    <span className="facts-sub">“{r.inspection.deductionReason}”</span>
                  ) : null}
                </>
              ) : null}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Refund</dt>
          <dd>
            <Money minor={r.refundOnCompletion} currency={r.currency} /> when it’s back
            {r.refunded > 0 ? (
              <>
                {' '}
                · <Money minor={r.refunded} currency={r.currency} /> refunded
              </>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Postage</dt>
          <dd>
            Paid by {shippingPaidByLabel(r.shippingPaidBy)}
            {r.labelCharge > 0 ? (
              <>
                {' '}
                (<Money minor={r.labelCharge} currency={r.currency} />)
              </>
            ) : null}
          </dd>
        </div>
      </dl>
      {viewer === 'buyer' ? <BuyerReturnActions r={r} onDone={onDone} /> : null}
      {viewer === 'seller' && inspect && linkToInspection ? (
        <Link className="btn btn-primary btn-md" to={`/seller/returns/${r.id}`}>
          Inspect the return
        </Link>
      ) : null}
    </div>
  )
}

/** The returns a case required, for whoever is looking (buyer, seller, agent). */
export const CaseReturnsCard = ({
  c,
  viewer,
  onDone,
}: {
  c: Case
  viewer: 'buyer' | 'seller' | 'agent'
  onDone: (message: string) => void
}) => {
  const needed = c.followUp?.kind === 'return'
  const returns = useCaseReturns(c.id, needed)
  if (!needed) return null
  const items = returns.data?.items ?? []
  return (
    <Card title="Return" id="return">
      <WhenLoaded query={returns} pending={null}>
        {() =>
          items.length === 0 ? (
            <p className="muted">The return label is being prepared.</p>
          ) : (
            items.map((r) => <ReturnSummary key={r.id} r={r} viewer={viewer} onDone={onDone} />)
          )
        }
      </WhenLoaded>
    </Card>
  )
}

/** The case page's return panel: shown once the case required a return. */
export const CaseReturnPanel = ({ c, viewer, onDone }: CasePanelProps) => (
  <CaseReturnsCard c={c} viewer={viewer} onDone={onDone} />
)
