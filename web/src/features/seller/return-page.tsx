import { useState, type FormEvent } from 'react'
import { Link, useParams } from 'react-router'
import { asApiError } from '../../api/client.ts'
import { useCase } from '../../api/cases.ts'
import { usePeople } from '../../api/demo.ts'
import { useInspectReturn, useReturn } from '../../api/returns.ts'
import type { Return, ReturnCondition } from '../../api/types.ts'
import { Button } from '../../components/button.tsx'
import { Field } from '../../components/field.tsx'
import { Money } from '../../components/money.tsx'
import { MoneyInput, readAmount } from '../../components/money-input.tsx'
import { Notice, ProblemNotice } from '../../components/notice.tsx'
import { Card, PageHeader, useDocumentTitle } from '../../components/page.tsx'
import { Countdown, DateTime } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import { formatMoney } from '../../lib/money.ts'
import { caseTitle } from '../cases/case-facts.ts'
import { EvidenceUploader, useUploads } from '../cases/evidence-uploader.tsx'
import { ReturnSummary } from '../returns/return-card.tsx'
import { conditionChoices, returnAction } from '../returns/return-facts.ts'
import '../../styles-parties.css'

const DEDUCTIBLE: ReadonlySet<ReturnCondition> = new Set(['used', 'damaged'])

/**
 * What came back: its condition, photos, and for a used or damaged item a
 * deduction up to the policy's maximum with the reason the buyer will read.
 */
const InspectionForm = ({ r, onDone }: { r: Return; onDone: (m: string) => void }) => {
  const inspect = returnAction(r, 'inspect')
  const mutation = useInspectReturn(r)
  const uploads = useUploads()
  const [condition, setCondition] = useState<ReturnCondition | null>(null)
  const [deduction, setDeduction] = useState('')
  const [note, setNote] = useState('')
  const [touched, setTouched] = useState(false)
  if (!inspect) return null
  const deductible = condition !== null && DEDUCTIBLE.has(condition)
  const parsed = deductible && deduction.trim() ? readAmount(deduction, r.currency) : null
  const amount = parsed?.ok ? parsed.minor : 0
  const deductionError =
    parsed && !parsed.ok
      ? parsed.problem
      : amount > r.maximumDeduction
        ? `At most ${formatMoney(r.maximumDeduction, r.currency)} under the marketplace’s policy.`
        : null
  // The policy asks for photos behind any deduction and behind "a different item came back".
  const photosError =
    (amount > 0 || condition === 'different_item_returned') && uploads.count === 0
      ? 'Add at least one photo of what came back.'
      : null
  const noteError =
    (amount > 0 || condition === 'different_item_returned') && !note.trim()
      ? amount > 0
        ? 'Say why you keep part of the refund; the buyer reads this.'
        : 'Describe what came back instead.'
      : null
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    setTouched(true)
    if (condition === null || deductionError || noteError || photosError || uploads.busy) return
    const evidence = uploads.evidence().flatMap((f) => (f.kind === 'file' ? [f.fileId] : []))
    mutation.mutate(
      {
        condition,
        ...(amount > 0 ? { deduction: amount } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(evidence.length > 0 ? { evidence } : {}),
      },
      {
        onSuccess: (after) =>
          onDone(
            after.status === 'inspection_disputed'
              ? 'Inspection recorded. An agent will look at what came back.'
              : `Inspection recorded. The buyer is refunded ${formatMoney(r.refundOnCompletion - amount, r.currency)}.`,
          ),
      },
    )
  }
  return (
    <Card title="Inspect the return" id="inspect" className="card-attention">
      <form onSubmit={submit} noValidate>
        <p className="small muted">
          Due <DateTime iso={inspect.dueAt ?? r.inspectBy ?? ''} /> ·{' '}
          {inspect.dueAt ? <Countdown to={inspect.dueAt} /> : null}. If you don’t inspect in time,
          the buyer is refunded in full.
        </p>
        <fieldset className="reasons">
          <legend className="field-label">What came back</legend>
          {conditionChoices.map((c) => (
            <label key={c.id} className={`reason${condition === c.id ? ' reason-selected' : ''}`}>
              <input
                type="radio"
                name="condition"
                value={c.id}
                checked={condition === c.id}
                onChange={() => setCondition(c.id)}
              />
              <span className="reason-text">
                <strong>{c.label}</strong>
                <span className="claim-reason-hint">{c.hint}</span>
              </span>
            </label>
          ))}
          {touched && condition === null ? (
            <p className="field-error">Choose what came back.</p>
          ) : null}
        </fieldset>
        {deductible ? (
          <Field
            label="Keep back from the refund"
            optional
            hint={`Up to ${formatMoney(r.maximumDeduction, r.currency)} of the ${formatMoney(r.refundOnCompletion, r.currency)} refund (the policy’s maximum).`}
            error={touched ? deductionError : null}
          >
            {(p) => (
              <MoneyInput {...p} currency={r.currency} value={deduction} onChange={setDeduction} />
            )}
          </Field>
        ) : null}
        <Field
          label={amount > 0 ? 'Reason for the deduction' : 'Note'}
          optional={!(amount > 0 || condition === 'different_item_returned')}
          error={touched ? noteError : null}
        >
          {(p) => (
            <textarea
              {...p}
              rows={3}
              maxLength={2000}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          )}
        </Field>
        <EvidenceUploader uploads={uploads} label="Photos of what came back" />
        {touched && photosError ? <p className="field-error">{photosError}</p> : null}
        {mutation.error ? <ProblemNotice error={asApiError(mutation.error)} /> : null}
        <div className="button-row">
          <Button type="submit" variant="primary" busy={mutation.isPending}>
            Record the inspection
          </Button>
          {condition !== null ? (
            <span className="small muted">
              The buyer gets{' '}
              <Money
                minor={condition === 'different_item_returned' ? 0 : r.refundOnCompletion - amount}
                currency={r.currency}
              />
              {condition === 'different_item_returned' ? ' until an agent decides' : ''}.
            </span>
          ) : null}
        </div>
      </form>
    </Card>
  )
}

/** One return for its seller: where it is, and the inspection once it arrived. */
export const ReturnPage = () => {
  const { returnId = '' } = useParams()
  const query = useReturn(returnId)
  const theCase = useCase(query.data?.caseId ?? null)
  const person = usePeople()
  const [flash, setFlash] = useState<string | null>(null)
  useDocumentTitle(query.data ? `Return ${query.data.rma}` : 'Return')
  const back = { to: '/seller/returns', label: 'Returns' }
  return (
    <WhenLoaded query={query} label="Loading the return…" page={{ title: 'Return', back }}>
      {(r) => {
        return (
          <div className="page page-narrow">
            <PageHeader
              back={back}
              title={theCase.data ? `Return: ${caseTitle(theCase.data)}` : `Return ${r.rma}`}
              meta={
                <>
                  <span className="mono">{r.rma}</span>
                  <span>From {person(r.buyerId)}</span>
                  <span>
                    <Link to={`/cases/${r.caseId}`}>The case</Link>
                  </span>
                </>
              }
            />
            {flash ? <Notice tone="success" title={flash} /> : null}
            <InspectionForm
              r={r}
              onDone={(m) => {
                setFlash(m)
                window.scrollTo({ top: 0 })
              }}
            />
            <Card title="Where it is" id="where">
              <ReturnSummary r={r} viewer="seller" onDone={setFlash} linkToInspection={false} />
            </Card>
          </div>
        )
      }}
    </WhenLoaded>
  )
}
