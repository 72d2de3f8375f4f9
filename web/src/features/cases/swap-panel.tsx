import { asApiError } from '../../api/client.ts'
import {
  downloadSwapLabel,
  useCaseSwap,
  useConfirmSwapDelivery,
  useShipSwapLeg,
  type Swap,
  type SwapLeg,
} from '../../api/swaps.ts'
import { Badge } from '../../components/badge.tsx'
import { Button } from '../../components/button.tsx'
import { ProblemNotice } from '../../components/notice.tsx'
import { Card } from '../../components/page.tsx'
import { DateTime } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import { ParcelShipping } from '../returns/parcel-shipping.tsx'
import type { CasePanelProps } from './case-panel.ts'

const swapAction = (s: Swap, action: string, leg: SwapLeg['leg']) =>
  s.availableActions.find((a) => a.action === action && a.leg === leg)

const legStatus: Readonly<Record<SwapLeg['status'], [string, 'neutral' | 'info' | 'success']>> = {
  label_issued: ['Not shipped yet', 'neutral'],
  in_transit: ['On its way', 'info'],
  delivered: ['Delivered', 'success'],
}

const swapStatus: Readonly<Record<Swap['status'], string>> = {
  linked: 'Both parcels are on their way (or about to be); the case closes when both arrive.',
  completed: 'Both parcels arrived: each of you has the item you bought. Nothing is refunded.',
  failed: 'A parcel was not shipped in time, so the swap is off; an agent decides the case.',
}

/** The parcel this buyer sends: the prepaid label and "I've shipped it". */
const OutgoingLeg = ({
  s,
  leg,
  onDone,
}: {
  s: Swap
  leg: SwapLeg
  onDone: (m: string) => void
}) => {
  const ship = swapAction(s, 'ship', leg.leg)
  const label = swapAction(s, 'download_label', leg.leg)
  const mutation = useShipSwapLeg(s, leg.leg)
  const [status, tone] = legStatus[leg.status]
  return (
    <div className="return-summary" data-swap-leg={leg.leg}>
      <div className="return-head">
        <strong>The item you received, to send on</strong> <Badge tone={tone}>{status}</Badge>
        <span className="mono">{leg.rma}</span>
      </div>
      <p className="small muted">
        The marketplace pays the label. Tracking{' '}
        <span className="mono">
          {leg.shipment?.carrier ?? leg.label.carrier} ·{' '}
          {leg.shipment?.trackingNumber ?? leg.label.trackingNumber}
        </span>
      </p>
      <ParcelShipping
        download={label ? () => downloadSwapLabel(leg) : null}
        downloadText="Download forwarding label (PDF)"
        shipBy={ship ? (ship.dueAt ?? leg.shipBy) : null}
        mutation={mutation}
        submitText="I’ve shipped it"
        onShipped={() => onDone('Parcel marked as shipped. The other buyer will see it coming.')}
      />
    </div>
  )
}

/** The parcel coming to this buyer: its tracking, and "it arrived" once it is on its way. */
const IncomingLeg = ({
  s,
  leg,
  onDone,
}: {
  s: Swap
  leg: SwapLeg
  onDone: (m: string) => void
}) => {
  const confirm = swapAction(s, 'mark_delivered', leg.leg)
  const mutation = useConfirmSwapDelivery(s, leg.leg)
  const [status, tone] = legStatus[leg.status]
  return (
    <div className="return-summary" data-swap-leg={leg.leg}>
      <div className="return-head">
        <strong>The item you bought, coming to you</strong> <Badge tone={tone}>{status}</Badge>
      </div>
      <p className="small muted">
        {leg.shipment ? (
          <>
            Shipped <DateTime iso={leg.shipment.shippedAt} /> ·{' '}
            <span className="mono">
              {leg.shipment.carrier} · {leg.shipment.trackingNumber}
            </span>
          </>
        ) : (
          <>
            The other buyer ships by <DateTime iso={leg.shipBy} />.
          </>
        )}
        {leg.deliveredAt ? (
          <>
            {' '}
            · Delivered <DateTime iso={leg.deliveredAt} />
          </>
        ) : null}
      </p>
      {mutation.error ? <ProblemNotice error={asApiError(mutation.error)} /> : null}
      {confirm ? (
        <Button
          busy={mutation.isPending}
          onClick={() =>
            mutation.mutate(undefined, { onSuccess: () => onDone('Thanks — delivery confirmed.') })
          }
        >
          It arrived
        </Button>
      ) : null}
    </div>
  )
}

/** Swapped orders, for a buyer: send on the item you received, follow the one coming to you. */
export const CaseSwapPanel = ({ c, viewer, onDone }: CasePanelProps) => {
  const linked = c.followUp?.kind === 'swap' && viewer === 'buyer'
  const query = useCaseSwap(c.id, linked)
  if (!linked) return null
  return (
    <Card title="Swapped orders" id="swap">
      <WhenLoaded query={query} pending={null}>
        {(s) => {
          if (!s) return null
          const outgoing = s.legs.find((l) => l.caseId === c.id)
          const incoming = s.legs.find((l) => l.toCaseId === c.id)
          return (
            <>
              <p>{swapStatus[s.status]}</p>
              {outgoing ? <OutgoingLeg s={s} leg={outgoing} onDone={onDone} /> : null}
              {incoming ? <IncomingLeg s={s} leg={incoming} onDone={onDone} /> : null}
            </>
          )
        }}
      </WhenLoaded>
    </Card>
  )
}
