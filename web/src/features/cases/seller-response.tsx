import { useId, useState, type FormEvent } from 'react'
import { asApiError } from '../../api/client.ts'
import { useCaseMove } from '../../api/cases.ts'
import type { Case, EvidenceInput, Order } from '../../api/types.ts'
import { Button } from '../../components/button.tsx'
import { Field } from '../../components/field.tsx'
import { ProblemNotice } from '../../components/notice.tsx'
import { Card } from '../../components/page.tsx'
import { Countdown, DateTime } from '../../components/time.tsx'
import { formatMoney } from '../../lib/money.ts'
import { caseAction, pendingOffer } from './case-facts.ts'
import { EvidenceUploader, useUploads } from './evidence-uploader.tsx'
import { OfferForm } from './offers.tsx'

type Choice = 'offer' | 'accept' | 'dispute'

const AcceptClaimForm = ({ c, onDone }: { c: Case; onDone: (message: string) => void }) => {
  const move = useCaseMove(c)
  const canReturn = c.reason !== 'not_received'
  const [resolution, setResolution] = useState<'refund' | 'return'>('refund')
  const [confirming, setConfirming] = useState(false)
  const amount = formatMoney(c.claimedAmount, c.currency)
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        if (!confirming) {
          setConfirming(true)
          return
        }
        move.run({ kind: 'accept-claim', body: { resolution } }, () =>
          onDone(
            resolution === 'refund'
              ? `Claim accepted. ${amount} is refunded to the buyer.`
              : 'Claim accepted. The buyer sends the item back, then is refunded.',
          ),
        )
      }}
    >
      <fieldset className="reasons">
        <legend className="field-label">How do you settle it?</legend>
        <label className={`reason${resolution === 'refund' ? ' reason-selected' : ''}`}>
          <input
            type="radio"
            name={`resolution-${c.id}`}
            checked={resolution === 'refund'}
            onChange={() => {
              setResolution('refund')
              setConfirming(false)
            }}
          />
          <span className="reason-text">
            <span>Refund {amount} now</span>
            <span className="reason-mode">The buyer keeps the item.</span>
          </span>
        </label>
        {canReturn ? (
          <label className={`reason${resolution === 'return' ? ' reason-selected' : ''}`}>
            <input
              type="radio"
              name={`resolution-${c.id}`}
              checked={resolution === 'return'}
              onChange={() => {
                setResolution('return')
                setConfirming(false)
              }}
            />
            <span className="reason-text">
              <span>Take the item back, then refund</span>
              <span className="reason-mode">The buyer ships it back with a return label.</span>
            </span>
          </label>
        ) : null}
      </fieldset>
      {move.error ? <ProblemNotice error={asApiError(move.error)} /> : null}
      {confirming ? (
        <p className="confirm-line" role="status">
          This settles the case for the buyer. Press again to confirm.
        </p>
      ) : null}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={move.isPending}>
          {confirming ? 'Yes, accept the claim' : 'Accept the claim'}
        </Button>
        {confirming ? (
          <Button variant="ghost" onClick={() => setConfirming(false)} disabled={move.isPending}>
            Not yet
          </Button>
        ) : null}
      </div>
    </form>
  )
}

interface MeasurementRow {
  readonly key: string
  readonly name: string
  readonly value: string
}

let rowKey = 0

/**
 * The seller's side: a statement, the item's measurements as shipped (the
 * listing's own measurements are the starting rows), and photos.
 */
export const DisputeForm = ({
  c,
  order,
  onDone,
}: {
  c: Case
  order: Order | undefined
  onDone: (message: string) => void
}) => {
  const move = useCaseMove(c)
  const uploads = useUploads()
  const id = useId()
  const listed = Object.entries(order?.lines[0]?.listing.measurements ?? {})
  const [statement, setStatement] = useState('')
  const [touched, setTouched] = useState(false)
  const [rows, setRows] = useState<readonly MeasurementRow[]>(() =>
    (listed.length > 0 ? listed : [['', '']]).map(([name]) => ({
      key: `m${++rowKey}`,
      name: name ?? '',
      value: '',
    })),
  )
  const placeholderFor = (name: string): string => {
    const v = listed.find(([k]) => k === name)?.[1]
    return v ? `listed ${v}` : 'e.g. 54 cm'
  }
  const statementError = touched && !statement.trim() ? 'Say why the claim is not right.' : null

  const submit = (e: FormEvent): void => {
    e.preventDefault()
    setTouched(true)
    if (!statement.trim() || uploads.busy) return
    const measured = rows.filter((r) => r.name.trim() && r.value.trim())
    const evidence: EvidenceInput[] = [
      ...(measured.length > 0
        ? [
            {
              kind: 'measurements' as const,
              measurements: Object.fromEntries(
                measured.map((r) => [r.name.trim(), r.value.trim()]),
              ),
            },
          ]
        : []),
      ...uploads.evidence(),
    ]
    move.run(
      {
        kind: 'dispute',
        body: { statement: statement.trim(), ...(evidence.length ? { evidence } : {}) },
      },
      () => onDone('Dispute sent. The buyer can answer or ask Recourse to step in.'),
    )
  }

  const setRow = (key: string, change: Partial<MeasurementRow>): void =>
    setRows((list) => list.map((r) => (r.key === key ? { ...r, ...change } : r)))

  return (
    <form onSubmit={submit} noValidate>
      <Field
        label="Your side"
        error={statementError}
        hint="What the buyer received, and why it matches the listing. The buyer and, if escalated, an agent read this."
      >
        {(p) => (
          <textarea
            {...p}
            rows={4}
            maxLength={5000}
            value={statement}
            onChange={(e) => setStatement(e.target.value)}
          />
        )}
      </Field>
      <fieldset className="measure">
        <legend className="field-label">
          Measurements as shipped <span className="field-optional">(optional)</span>
        </legend>
        <div className="measure-rows">
          {rows.map((r, i) => (
            <div className="measure-row" key={r.key}>
              <label className="visually-hidden" htmlFor={`${id}-n${i}`}>
                Measurement {i + 1} name
              </label>
              <input
                id={`${id}-n${i}`}
                value={r.name}
                onChange={(e) => setRow(r.key, { name: e.target.value })}
                placeholder="e.g. chest"
                autoComplete="off"
              />
              <label className="visually-hidden" htmlFor={`${id}-v${i}`}>
                {r.name ? `${r.name} measured` : `Measurement ${i + 1} value`}
              </label>
              <input
                id={`${id}-v${i}`}
                value={r.value}
                onChange={(e) => setRow(r.key, { value: e.target.value })}
                placeholder={placeholderFor(r.name)}
                autoComplete="off"
              />
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                aria-label={`Remove measurement ${r.name || i + 1}`}
                onClick={() => setRows((list) => list.filter((x) => x.key !== r.key))}
              >
                ✕
              </button>
            </div>
          ))}
        </div>
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          onClick={() => setRows((list) => [...list, { key: `m${++rowKey}`, name: '', value: '' }])}
        >
          + Add a measurement
        </button>
      </fieldset>
      <EvidenceUploader uploads={uploads} label="Add photos of the item as shipped" />
      {move.error ? <ProblemNotice error={asApiError(move.error)} /> : null}
      <Button type="submit" variant="primary" busy={move.isPending} disabled={uploads.busy}>
        Send dispute
      </Button>
    </form>
  )
}

/**
 * The seller's first answer to a claim: an offer, accepting it, or disputing
 * it, each a tab only when `availableActions` offers it.
 */
export const SellerResponseCard = ({
  c,
  order,
  onDone,
}: {
  c: Case
  order: Order | undefined
  onDone: (message: string) => void
}) => {
  const accept = caseAction(c, 'accept_claim')
  const dispute = caseAction(c, 'dispute_claim')
  // While the buyer's offer waits, countering lives on that offer's card; these are the other answers.
  const pending = pendingOffer(c)
  const offer = pending ? undefined : caseAction(c, 'make_offer')
  const [expanded, setExpanded] = useState(false)
  const choices: { id: Choice; label: string }[] = [
    ...(offer ? [{ id: 'offer' as const, label: 'Make an offer' }] : []),
    ...(accept ? [{ id: 'accept' as const, label: 'Accept' }] : []),
    ...(dispute ? [{ id: 'dispute' as const, label: 'Dispute' }] : []),
  ]
  const [choice, setChoice] = useState<Choice | null>(null)
  const tabsId = useId()
  if (!accept && !dispute) return null
  const current = choice ?? choices[0]?.id ?? 'accept'
  const due = accept?.dueAt ?? dispute?.dueAt
  if (pending && !expanded) {
    return (
      <Card title="Other answers" id="respond" className="card-quiet">
        <p className="muted">
          Instead of answering the offer, you can accept the claim outright
          {dispute ? ', or dispute it' : ''}.
        </p>
        <Button onClick={() => setExpanded(true)}>Other answers…</Button>
      </Card>
    )
  }
  return (
    <Card
      title={pending ? 'Other answers' : 'Respond to the claim'}
      id="respond"
      className={pending ? '' : 'card-attention'}
    >
      {due && !pending ? (
        <p className="window-line">
          Respond by <DateTime iso={due} /> · <Countdown to={due} />. Without an answer the case
          goes to Recourse.
        </p>
      ) : null}
      <div className="segmented" role="tablist" aria-label="How to respond">
        {choices.map((ch) => (
          <button
            key={ch.id}
            type="button"
            role="tab"
            id={`${tabsId}-${ch.id}`}
            aria-selected={current === ch.id}
            aria-controls={`${tabsId}-panel`}
            tabIndex={current === ch.id ? 0 : -1}
            className={`segment${current === ch.id ? ' segment-active' : ''}`}
            onClick={() => setChoice(ch.id)}
            onKeyDown={(e) => {
              if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return
              const i = choices.findIndex((x) => x.id === current)
              const next =
                choices[(i + (e.key === 'ArrowRight' ? 1 : choices.length - 1)) % choices.length]
              if (next) {
                setChoice(next.id)
                document.getElementById(`${tabsId}-${next.id}`)?.focus()
              }
            }}
          >
            {ch.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${tabsId}-panel`}
        aria-labelledby={`${tabsId}-${current}`}
        className="segment-panel"
      >
        {current === 'offer' ? (
          <>
            <p className="muted small">
              Most cases settle here. A partial refund lets the buyer keep the item.
            </p>
            <OfferForm c={c} onDone={onDone} />
          </>
        ) : null}
        {current === 'accept' ? <AcceptClaimForm c={c} onDone={onDone} /> : null}
        {current === 'dispute' ? <DisputeForm c={c} order={order} onDone={onDone} /> : null}
      </div>
    </Card>
  )
}
