import { useState, type FormEvent } from 'react'
import { asApiError, type ApiError } from '../../api/client.ts'
import { Button } from '../../components/button.tsx'
import { Field } from '../../components/field.tsx'
import { ProblemNotice } from '../../components/notice.tsx'
import { Countdown, DateTime } from '../../components/time.tsx'

/** What the sender reports: nothing (the prepaid label's tracking) or their own carrier and number. */
export interface ShipParcelInput {
  readonly carrier?: string
  readonly trackingNumber?: string
}

interface ShipMutation {
  mutate(input: ShipParcelInput, options: { onSuccess: () => void }): void
  readonly isPending: boolean
  readonly error: unknown
}

/**
 * A parcel the viewer sends on a prepaid label — a return to the seller, or a
 * swapped item to the other buyer: save the label, then say it is on its way
 * (with the label's tracking, or another carrier's). Each part shows only when
 * the parcel's `availableActions` offer it.
 */
export const ParcelShipping = ({
  download,
  downloadText,
  shipBy,
  mutation,
  submitText,
  onShipped,
}: {
  /** Saves the label; null when `download_label` is not offered. */
  download: (() => Promise<void>) | null
  downloadText: string
  /** The ship-by deadline; null when `ship` is not offered. */
  shipBy: string | null
  mutation: ShipMutation
  submitText: string
  onShipped: () => void
}) => {
  const [downloading, setDownloading] = useState(false)
  const [labelError, setLabelError] = useState<ApiError | null>(null)
  const [own, setOwn] = useState(false)
  const [carrier, setCarrier] = useState('')
  const [tracking, setTracking] = useState('')
  const [touched, setTouched] = useState(false)
  const save = (): void => {
    if (!download) return
    setDownloading(true)
    setLabelError(null)
    download().then(
      () => setDownloading(false),
      (e: unknown) => {
        setDownloading(false)
        setLabelError(asApiError(e))
      },
    )
  }
  const ownInvalid = own && (!carrier.trim() || tracking.trim().length < 4)
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    setTouched(true)
    if (ownInvalid) return
    mutation.mutate(own ? { carrier: carrier.trim(), trackingNumber: tracking.trim() } : {}, {
      onSuccess: onShipped,
    })
  }
  return (
    <>
      {download ? (
        <div className="button-row">
          <Button variant={shipBy ? 'primary' : 'secondary'} busy={downloading} onClick={save}>
            {downloadText}
          </Button>
        </div>
      ) : null}
      {labelError ? <ProblemNotice error={labelError} /> : null}
      {shipBy ? (
        <form onSubmit={submit} noValidate className="return-ship">
          <p className="small muted">
            Ship by <DateTime iso={shipBy} /> · <Countdown to={shipBy} />
          </p>
          <label className="check">
            <input type="checkbox" checked={own} onChange={(e) => setOwn(e.target.checked)} /> I
            sent it another way, with my own tracking number
          </label>
          {own ? (
            <div className="form-row">
              <Field
                label="Carrier"
                error={touched && !carrier.trim() ? 'Name the carrier.' : null}
              >
                {(p) => (
                  <input
                    {...p}
                    value={carrier}
                    maxLength={60}
                    onChange={(e) => setCarrier(e.target.value)}
                  />
                )}
              </Field>
              <Field
                label="Tracking number"
                error={touched && tracking.trim().length < 4 ? 'At least 4 characters.' : null}
              >
                {(p) => (
                  <input
                    {...p}
                    value={tracking}
                    maxLength={60}
                    className="mono"
                    onChange={(e) => setTracking(e.target.value)}
                  />
                )}
              </Field>
            </div>
          ) : null}
          {mutation.error ? <ProblemNotice error={asApiError(mutation.error)} /> : null}
          <Button type="submit" busy={mutation.isPending}>
            {submitText}
          </Button>
        </form>
      ) : null}
    </>
  )
}
