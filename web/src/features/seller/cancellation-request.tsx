import { useState, type FormEvent } from 'react'
import { asApiError } from '../../api/client.ts'
import { useAnswerCancellation } from '../../api/cancellations.ts'
import type { Cancellation } from '../../api/types.ts'
import { Button } from '../../components/button.tsx'
import { Field } from '../../components/field.tsx'
import { ProblemNotice } from '../../components/notice.tsx'

/**
 * Approve or decline a buyer's request: the buttons are the cancellation's
 * `availableActions` (approve is absent once the order shipped); declining
 * needs a reason the buyer will read.
 */
export const AnswerRequest = ({
  c,
  onAnswered,
}: {
  c: Cancellation
  onAnswered?: (c: Cancellation) => void
}) => {
  const answer = useAnswerCancellation(c.id)
  const [declining, setDeclining] = useState(false)
  const [reason, setReason] = useState('')
  const [touched, setTouched] = useState(false)
  const can = (a: string): boolean => c.availableActions.some((x) => x.action === a)
  const reasonError = touched && !reason.trim() ? 'Say why, so the buyer understands.' : null
  // mutateAsync, not mutate's callbacks: the refetch after answering removes
  // this request from the inbox, unmounting it before mutate's onSuccess runs.
  const send = (a: Parameters<typeof answer.mutate>[0]): void => {
    answer.mutateAsync(a).then(
      (result) => onAnswered?.(result),
      () => undefined, // shown from answer.error
    )
  }

  const decline = (e: FormEvent): void => {
    e.preventDefault()
    setTouched(true)
    if (!reason.trim()) return
    send({ action: 'decline', reason: reason.trim() })
  }

  if (c.availableActions.length === 0) return null
  return (
    <div className="answer">
      {answer.error ? <ProblemNotice error={asApiError(answer.error)} /> : null}
      {declining ? (
        <form onSubmit={decline} noValidate className="decline-form">
          <Field label="Why are you declining?" hint="The buyer sees this." error={reasonError}>
            {(p) => (
              <textarea
                {...p}
                rows={2}
                maxLength={1000}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                autoFocus
              />
            )}
          </Field>
          <div className="button-row">
            <Button type="submit" variant="danger" busy={answer.isPending}>
              Decline request
            </Button>
            <Button variant="ghost" onClick={() => setDeclining(false)} disabled={answer.isPending}>
              Back
            </Button>
          </div>
        </form>
      ) : (
        <div className="button-row">
          {can('approve') ? (
            <Button
              variant="primary"
              busy={answer.isPending}
              onClick={() => send({ action: 'approve' })}
            >
              Approve cancellation
            </Button>
          ) : null}
          {can('decline') ? (
            <Button onClick={() => setDeclining(true)} disabled={answer.isPending}>
              Decline…
            </Button>
          ) : null}
        </div>
      )}
    </div>
  )
}
