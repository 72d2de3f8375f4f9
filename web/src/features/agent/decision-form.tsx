import { useState, type FormEvent } from 'react'
import { asApiError } from '../../api/client.ts'
import { useCaseMove } from '../../api/cases.ts'
import type { Case, DecisionInput, DecisionOutcome, Fault, Funder } from '../../api/types.ts'
import { Button } from '../../components/button.tsx'
import { Field } from '../../components/field.tsx'
import { MoneyInput, readAmount } from '../../components/money-input.tsx'
import { ProblemNotice } from '../../components/notice.tsx'
import { Card } from '../../components/page.tsx'
import { decisionOutcomeLabel, faultLabel, funderLabel } from '../../lib/labels.ts'
import { formatMoney } from '../../lib/money.ts'

const OUTCOMES: readonly DecisionOutcome[] = [
  'refund_full',
  'refund_partial',
  'return_required',
  'replacement',
  'seller_favor',
]
const FAULTS: readonly Fault[] = ['seller', 'buyer', 'carrier', 'none', 'force_majeure']
const FUNDERS: readonly Funder[] = ['seller', 'marketplace', 'carrier', 'buyer']

const outcomeHint: Record<DecisionOutcome, string> = {
  refund_full: 'The claimed amount goes back to the buyer.',
  refund_partial: 'An amount you set; the buyer keeps the item.',
  return_required: 'The buyer sends the item back, then is refunded.',
  replacement: 'The seller sends the item again.',
  seller_favor: 'No refund; the sale stands.',
}

/**
 * The agent's decision: outcome, fault (kept apart from who wins), who pays
 * (the policy's funding for the fault unless chosen), an amount for a partial
 * refund, and the rationale both sides will read. First instance or appeal.
 */
export const DecisionForm = ({
  c,
  appeal,
  onDone,
}: {
  c: Case
  appeal: boolean
  onDone: (message: string) => void
}) => {
  const move = useCaseMove(c)
  const [outcome, setOutcome] = useState<DecisionOutcome | null>(null)
  const [fault, setFault] = useState<Fault | ''>('')
  const [funding, setFunding] = useState<Funder | ''>('')
  const [amount, setAmount] = useState('')
  const [rationale, setRationale] = useState('')
  const [followUp, setFollowUp] = useState('')
  const [touched, setTouched] = useState(false)
  const outcomes =
    c.reason === 'not_received' ? OUTCOMES.filter((o) => o !== 'return_required') : OUTCOMES
  const parsed = readAmount(amount, c.currency)
  const errors = {
    outcome: !outcome ? 'Choose an outcome.' : null,
    fault: !fault ? 'Say who was at fault; it is recorded apart from the outcome.' : null,
    amount: outcome === 'refund_partial' && !parsed.ok ? parsed.problem : null,
    rationale: !rationale.trim()
      ? 'Write the rationale. Both sides read it, and an appeal starts from it.'
      : null,
  }
  const shown = (k: keyof typeof errors): string | null => (touched ? errors[k] : null)

  const submit = (e: FormEvent): void => {
    e.preventDefault()
    setTouched(true)
    if (!outcome || !fault || Object.values(errors).some(Boolean)) return
    const body: DecisionInput = {
      outcome,
      fault,
      rationale: rationale.trim(),
      ...(outcome === 'refund_partial' && parsed.ok ? { amount: parsed.minor } : {}),
      ...(funding && outcome !== 'seller_favor' ? { funding } : {}),
      ...(followUp.trim() ? { followUpInstructions: followUp.trim() } : {}),
    }
    move.run({ kind: appeal ? 'decide-appeal' : 'decide', body }, () =>
      onDone(
        appeal
          ? 'Appeal decided. The decision is final.'
          : 'Decision recorded. Both sides have been told.',
      ),
    )
  }

  return (
    <Card
      title={appeal ? 'Decide the appeal' : 'Decision'}
      id="decision-form"
      className="card-attention"
    >
      {appeal ? (
        <p className="muted small">This decision is final; it replaces the first one.</p>
      ) : null}
      <form onSubmit={submit} noValidate className="decision-form">
        <fieldset
          className={`reasons reasons-dense${shown('outcome') ? ' field-invalid' : ''}`}
          aria-describedby={shown('outcome') ? 'd-outcome-error' : undefined}
        >
          <legend className="field-label">Outcome</legend>
          {outcomes.map((o) => (
            <label key={o} className={`reason${outcome === o ? ' reason-selected' : ''}`}>
              <input
                type="radio"
                name={`outcome-${c.id}`}
                checked={outcome === o}
                onChange={() => setOutcome(o)}
              />
              <span className="reason-text">
                <span>{decisionOutcomeLabel(o)}</span>
                <span className="reason-mode">{outcomeHint[o]}</span>
              </span>
            </label>
          ))}
          {shown('outcome') ? (
            <p className="field-error" id="d-outcome-error">
              {shown('outcome')}
            </p>
          ) : null}
        </fieldset>
        {outcome === 'refund_partial' ? (
          <Field
            label={`Refund amount (${c.currency})`}
            error={shown('amount')}
            hint={
              parsed.ok
                ? `Refunds ${formatMoney(parsed.minor, c.currency)} of ${formatMoney(c.claimedAmount, c.currency)} claimed.`
                : `Claimed: ${formatMoney(c.claimedAmount, c.currency)}.`
            }
          >
            {(p) => <MoneyInput {...p} currency={c.currency} value={amount} onChange={setAmount} />}
          </Field>
        ) : null}
        <div className="form-row">
          <Field label="At fault" error={shown('fault')}>
            {(p) => (
              <select {...p} value={fault} onChange={(e) => setFault(e.target.value as Fault | '')}>
                <option value="">Choose…</option>
                {FAULTS.map((f) => (
                  <option key={f} value={f}>
                    {faultLabel(f)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {outcome !== 'seller_favor' ? (
            <Field label="Who pays">
              {(p) => (
                <select
                  {...p}
                  value={funding}
                  onChange={(e) => setFunding(e.target.value as Funder | '')}
                >
                  <option value="">Policy default for the fault</option>
                  {FUNDERS.map((f) => (
                    <option key={f} value={f}>
                      {funderLabel(f)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
        </div>
        <Field
          label="Rationale"
          error={shown('rationale')}
          hint="What the evidence shows and why it decides the case. Both sides read this."
        >
          {(p) => (
            <textarea
              {...p}
              rows={5}
              maxLength={5000}
              value={rationale}
              onChange={(e) => setRationale(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Follow-up instructions"
          optional
          hint="For a return or replacement: what happens next."
        >
          {(p) => (
            <textarea
              {...p}
              rows={2}
              maxLength={5000}
              value={followUp}
              onChange={(e) => setFollowUp(e.target.value)}
            />
          )}
        </Field>
        {move.error ? <ProblemNotice error={asApiError(move.error)} /> : null}
        <Button type="submit" variant="primary" busy={move.isPending}>
          {appeal ? 'Record final decision' : 'Record decision'}
        </Button>
      </form>
    </Card>
  )
}
