import { useState, type FormEvent } from 'react'
import { asApiError } from '../../api/client.ts'
import { useStartCancellation } from '../../api/cancellations.ts'
import { useCancellationEligibility } from '../../api/orders.ts'
import type { Eligibility, Order } from '../../api/types.ts'
import { Button } from '../../components/button.tsx'
import { Field } from '../../components/field.tsx'
import { ProblemNotice } from '../../components/notice.tsx'
import { Card } from '../../components/page.tsx'
import { Countdown, DateTime } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import { reasonChoiceLabel } from '../../lib/labels.ts'
import { BuyerCancellation } from './cancellation-summary.tsx'
import { hasAction, pendingCancellationId } from './order-facts.ts'

const modeHint = (mode: string | undefined): string =>
  mode === 'immediate' ? 'Cancels the order at once' : 'The seller decides'

const CancelForm = ({ order, eligibility }: { order: Order; eligibility: Eligibility }) => {
  const action = hasAction(order, 'request_cancellation')
  const start = useStartCancellation(order.id)
  const [reason, setReason] = useState<string>('')
  const [note, setNote] = useState('')
  const [missingReason, setMissingReason] = useState(false)
  const mode = reason ? eligibility.reasonModes[reason] : (eligibility.mode ?? undefined)

  const submit = (e: FormEvent): void => {
    e.preventDefault()
    if (!reason) {
      setMissingReason(true)
      return
    }
    start.mutate({ reason, ...(note.trim() ? { note: note.trim() } : {}) })
  }

  return (
    <form onSubmit={submit} noValidate>
      {action?.dueAt && eligibility.mode === 'immediate' ? (
        <p className="window-line">
          You can cancel at once until <DateTime iso={action.dueAt} /> ·{' '}
          <Countdown to={action.dueAt} soonMs={3_600_000} />
        </p>
      ) : null}
      {eligibility.mode === 'seller_approval' ? (
        <p className="window-line">
          The seller decides on a cancellation now; you’ll see the answer here.
        </p>
      ) : null}
      <fieldset
        className={`reasons${missingReason && !reason ? ' field-invalid' : ''}`}
        aria-describedby={missingReason && !reason ? 'reason-error' : undefined}
      >
        <legend className="field-label">Why do you want to cancel?</legend>
        {eligibility.allowedReasons.map((r) => (
          <label key={r} className={`reason${reason === r ? ' reason-selected' : ''}`}>
            <input
              type="radio"
              name="reason"
              value={r}
              checked={reason === r}
              onChange={() => setReason(r)}
            />
            <span className="reason-text">
              <span>{reasonChoiceLabel(r)}</span>
              <span className="reason-mode">{modeHint(eligibility.reasonModes[r])}</span>
            </span>
          </label>
        ))}
        {missingReason && !reason ? (
          <p className="field-error" id="reason-error">
            Choose a reason.
          </p>
        ) : null}
      </fieldset>
      <Field label="Anything the seller should know?" optional>
        {(p) => (
          <textarea
            {...p}
            rows={2}
            maxLength={1000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        )}
      </Field>
      {start.error ? <ProblemNotice error={asApiError(start.error)} /> : null}
      <Button type="submit" variant="danger" busy={start.isPending}>
        {mode === 'seller_approval' ? 'Ask the seller to cancel' : 'Cancel order'}
      </Button>
    </form>
  )
}

/**
 * The buyer's cancellation: the reason picker and the button when the order
 * offers `request_cancellation`; otherwise the request under way, the
 * cancellation that happened, or why not — from the eligibility's failures.
 */
export const BuyerCancellationPanel = ({ order }: { order: Order }) => {
  const cancelled = order.status === 'cancelled'
  const eligibility = useCancellationEligibility(order.id, !cancelled)

  if (cancelled && order.cancellationId) {
    return (
      <Card title="Order cancelled" id="cancellation" className="card-quiet">
        <BuyerCancellation id={order.cancellationId} />
      </Card>
    )
  }
  return (
    <WhenLoaded
      query={eligibility}
      label="Checking whether you can cancel…"
      frame={(content) => (
        <Card title="Cancel this order" id="cancellation">
          {content}
        </Card>
      )}
    >
      {(e) => <CancellationChoice order={order} e={e} />}
    </WhenLoaded>
  )
}

/** What the eligibility allows: the request under way, the form, or why not. */
const CancellationChoice = ({ order, e }: { order: Order; e: Eligibility }) => {
  const pending = pendingCancellationId(e.failures)
  if (pending) {
    return (
      <Card title="Cancellation requested" id="cancellation">
        <BuyerCancellation id={pending} />
      </Card>
    )
  }
  if (hasAction(order, 'request_cancellation') && e.eligible) {
    return (
      <Card title="Cancel this order" id="cancellation">
        <CancelForm order={order} eligibility={e} />
      </Card>
    )
  }
  // Not cancellable: say why, in the viewer's terms. The buyer's own right
  // (BUYER_RIGHT_NOT_OPEN) is a hint, not a blocker, when something else blocks.
  const blockers = e.failures.filter((f) => f.code !== 'BUYER_RIGHT_NOT_OPEN')
  const shown = blockers.length > 0 ? blockers : e.failures
  return (
    <Card title="Cancellation" id="cancellation" className="card-quiet">
      {shown.length === 0 ? (
        <p className="muted">This order can’t be cancelled now.</p>
      ) : (
        shown.map((f) => (
          <ProblemNotice
            key={f.code}
            tone={f.code === 'BUYER_RIGHT_NOT_OPEN' ? 'info' : 'warning'}
            title="You can’t cancel this order"
            error={{ code: f.code, data: f }}
          />
        ))
      )}
    </Card>
  )
}
