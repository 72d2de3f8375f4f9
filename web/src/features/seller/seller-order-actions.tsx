import { useState, type FormEvent } from 'react'
import { asApiError } from '../../api/client.ts'
import { useCancellation, useStartCancellation } from '../../api/cancellations.ts'
import { useCancellationEligibility } from '../../api/orders.ts'
import type { Order } from '../../api/types.ts'
import { Button } from '../../components/button.tsx'
import { Field } from '../../components/field.tsx'
import { ProblemNotice } from '../../components/notice.tsx'
import { Card } from '../../components/page.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import { reasonChoiceLabel } from '../../lib/labels.ts'
import { CancellationFacts } from '../orders/cancellation-summary.tsx'
import { hasAction, pendingCancellationId } from '../orders/order-facts.ts'
import { AnswerRequest } from './cancellation-request.tsx'
import { ShipForm } from './ship-form.tsx'

const PendingRequest = ({ id }: { id: string }) => {
  const query = useCancellation(id)
  return (
    <WhenLoaded query={query}>
      {(c) => (
        <Card title="The buyer asks to cancel" id="request" className="card-attention">
          <CancellationFacts c={c} viewer="seller" />
          <AnswerRequest c={c} />
        </Card>
      )}
    </WhenLoaded>
  )
}

const SellerCancel = ({ order }: { order: Order }) => {
  const eligibility = useCancellationEligibility(order.id)
  const start = useStartCancellation(order.id)
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const [touched, setTouched] = useState(false)
  if (!eligibility.data?.eligible) return null
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    setTouched(true)
    if (reason) start.mutate({ reason })
  }
  return (
    <Card title="Can’t fulfil this order?" id="seller-cancel" className="card-quiet">
      {open ? (
        <form onSubmit={submit} noValidate>
          <Field
            label="Reason"
            error={touched && !reason ? 'Choose a reason.' : null}
            hint="Cancelling for a reason that is your fault counts against your scorecard."
          >
            {(p) => (
              <select {...p} value={reason} onChange={(e) => setReason(e.target.value)}>
                <option value="">Choose…</option>
                {eligibility.data.allowedReasons.map((r) => (
                  <option key={r} value={r}>
                    {reasonChoiceLabel(r)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {start.error ? <ProblemNotice error={asApiError(start.error)} /> : null}
          <div className="button-row">
            <Button type="submit" variant="danger" busy={start.isPending}>
              Cancel order and refund
            </Button>
            <Button variant="ghost" onClick={() => setOpen(false)}>
              Keep the order
            </Button>
          </div>
        </form>
      ) : (
        <Button variant="ghost" onClick={() => setOpen(true)}>
          Cancel this order…
        </Button>
      )}
    </Card>
  )
}

/** What the seller can do on an order, each from `availableActions` or the eligibility's answer. */
export const SellerOrderActions = ({ order }: { order: Order }) => {
  const ship = hasAction(order, 'ship')
  const cancellable = order.status !== 'cancelled'
  const eligibility = useCancellationEligibility(order.id, cancellable)
  const pending = eligibility.data ? pendingCancellationId(eligibility.data.failures) : null
  return (
    <>
      {pending ? <PendingRequest id={pending} /> : null}
      {ship ? (
        <Card title="Ship this order" id="ship" className="card-attention">
          <ShipForm order={order} />
        </Card>
      ) : null}
      {hasAction(order, 'cancel') ? <SellerCancel order={order} /> : null}
      {order.status === 'cancelled' && order.cancellationId ? (
        <CancelledFacts id={order.cancellationId} />
      ) : null}
    </>
  )
}

const CancelledFacts = ({ id }: { id: string }) => {
  const c = useCancellation(id)
  if (!c.data) return null
  return (
    <Card title="Order cancelled" id="cancelled" className="card-quiet">
      <CancellationFacts c={c.data} viewer="seller" />
    </Card>
  )
}
