import { useState, type FormEvent } from 'react'
import { asApiError } from '../../api/client.ts'
import { useCaseSwap, useLinkSwap } from '../../api/swaps.ts'
import type { Case } from '../../api/types.ts'
import { Badge } from '../../components/badge.tsx'
import { Button } from '../../components/button.tsx'
import { Field } from '../../components/field.tsx'
import { ProblemNotice } from '../../components/notice.tsx'
import { Card } from '../../components/page.tsx'
import { caseAction } from '../cases/case-facts.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Swapped orders, for an agent: link this case with the other buyer's (each
 * received the other's item), or see the swap it is in. The form shows only
 * when the case offers `link_swap`.
 */
export const LinkSwapCard = ({ c, onDone }: { c: Case; onDone: (message: string) => void }) => {
  const link = caseAction(c, 'link_swap')
  const inSwap = c.followUp?.kind === 'swap'
  const swap = useCaseSwap(c.id, inSwap)
  const mutation = useLinkSwap(c.id)
  const [other, setOther] = useState('')
  const [rationale, setRationale] = useState('')
  const [touched, setTouched] = useState(false)
  if (inSwap) {
    const s = swap.data
    return (
      <Card title="Swapped orders" id="swap">
        {swap.error ? <ProblemNotice error={asApiError(swap.error)} /> : null}
        {s ? (
          <>
            <p>
              <Badge tone={s.status === 'failed' ? 'warning' : 'info'}>{s.status}</Badge> Linked
              with case{' '}
              <span className="mono">{s.legs.find((l) => l.caseId !== c.id)?.caseId}</span>
            </p>
            <ul className="plain">
              {s.legs.map((l) => (
                <li key={l.leg}>
                  {l.fromBuyerId} → {l.toBuyerId}: {l.status.replaceAll('_', ' ')} ·{' '}
                  <span className="mono">{l.label.trackingNumber}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Card>
    )
  }
  if (!link) return null
  const otherInvalid = !UUID.test(other.trim())
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    setTouched(true)
    if (otherInvalid || !rationale.trim()) return
    mutation.mutate(
      { otherCaseId: other.trim(), rationale: rationale.trim() },
      {
        onSuccess: () =>
          onDone('Linked as swapped: both buyers got a prepaid label to send each other’s item.'),
      },
    )
  }
  return (
    <Card title="Swapped orders?" id="swap">
      <form onSubmit={submit} noValidate>
        <p className="small muted">
          When two buyers received each other’s items, link their cases: each ships the item they
          hold to the other with a label the marketplace pays, and both cases close when both
          parcels arrive.
        </p>
        <Field
          label="The other buyer’s case id"
          error={touched && otherInvalid ? 'Paste the other case’s id.' : null}
        >
          {(p) => (
            <input
              {...p}
              value={other}
              className="mono"
              onChange={(e) => setOther(e.target.value)}
            />
          )}
        </Field>
        <Field label="Why" error={touched && !rationale.trim() ? 'Say why.' : null}>
          {(p) => (
            <textarea
              {...p}
              value={rationale}
              rows={3}
              maxLength={5000}
              onChange={(e) => setRationale(e.target.value)}
            />
          )}
        </Field>
        {mutation.error ? <ProblemNotice error={asApiError(mutation.error)} /> : null}
        <Button type="submit" busy={mutation.isPending}>
          Link as swapped
        </Button>
      </form>
    </Card>
  )
}
