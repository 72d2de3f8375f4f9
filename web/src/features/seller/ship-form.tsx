import { useState, type FormEvent } from 'react'
import { asApiError } from '../../api/client.ts'
import { useShipOrder } from '../../api/orders.ts'
import type { Order } from '../../api/types.ts'
import { Button } from '../../components/button.tsx'
import { Field } from '../../components/field.tsx'
import { ProblemNotice } from '../../components/notice.tsx'

const carriers = [
  'USPS',
  'UPS',
  'FedEx',
  'DHL',
  'Correios',
  'Estafeta',
  'Canada Post',
  'Royal Mail',
]

/** The same rule as ShipmentBody.trackingNumber, so a typo is caught before the round trip. */
const trackingProblem = (value: string): string | null => {
  const v = value.trim()
  if (v.length === 0) return 'Enter the tracking number from the label.'
  if (v.length < 4 || v.length > 60) return 'Tracking numbers are 4 to 60 characters.'
  if (!/^[A-Za-z0-9-]+$/.test(v)) return 'Use only letters, digits and dashes.'
  return null
}

/** Carrier and tracking; on success the order moves to shipped and the buyer sees the tracking. */
export const ShipForm = ({
  order,
  onShipped,
  compact = false,
}: {
  order: Order
  onShipped?: () => void
  compact?: boolean
}) => {
  const ship = useShipOrder(order.id)
  const [carrier, setCarrier] = useState('')
  const [tracking, setTracking] = useState('')
  const [touched, setTouched] = useState(false)
  const carrierError = touched && !carrier.trim() ? 'Choose or type the carrier.' : null
  const trackingError = touched ? trackingProblem(tracking) : null
  const listId = `carriers-${order.id}`

  const submit = (e: FormEvent): void => {
    e.preventDefault()
    setTouched(true)
    if (!carrier.trim() || trackingProblem(tracking)) return
    // mutateAsync, not mutate's callbacks: the refetch after shipping can unmount
    // this form (the order leaves the to-ship list) before mutate's onSuccess runs.
    ship.mutateAsync({ carrier: carrier.trim(), trackingNumber: tracking.trim() }).then(
      () => onShipped?.(),
      () => undefined, // shown from ship.error
    )
  }

  return (
    <form
      className={`ship-form${compact ? ' ship-form-compact' : ''}`}
      onSubmit={submit}
      noValidate
    >
      <div className="form-row">
        <Field label="Carrier" error={carrierError}>
          {(p) => (
            <>
              <input
                {...p}
                list={listId}
                autoComplete="off"
                value={carrier}
                onChange={(e) => setCarrier(e.target.value)}
                placeholder="e.g. USPS"
              />
              <datalist id={listId}>
                {carriers.map((c) => (
                  <option key={c} value={c} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label="Tracking number" error={trackingError}>
          {(p) => (
            <input
              {...p}
              autoComplete="off"
              spellCheck={false}
              value={tracking}
              onChange={(e) => setTracking(e.target.value)}
              placeholder="e.g. 9400111899223"
              className="mono"
            />
          )}
        </Field>
      </div>
      {ship.error ? <ProblemNotice error={asApiError(ship.error)} /> : null}
      <Button type="submit" variant="primary" busy={ship.isPending}>
        Mark as shipped
      </Button>
    </form>
  )
}
