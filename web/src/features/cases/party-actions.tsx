import { useState, type FormEvent } from 'react'
import { asApiError } from '../../api/client.ts'
import { useCaseMove } from '../../api/cases.ts'
import type { Case } from '../../api/types.ts'
import { Button } from '../../components/button.tsx'
import { Field } from '../../components/field.tsx'
import { ProblemNotice } from '../../components/notice.tsx'
import { Card } from '../../components/page.tsx'
import { Countdown, DateTime } from '../../components/time.tsx'
import { caseAction, pendingOffer } from './case-facts.ts'
import { EvidenceUploader, useUploads } from './evidence-uploader.tsx'
import { OfferForm } from './offers.tsx'

type Done = (message: string) => void

/** Until when an action may be taken, from its `dueAt`. */
const Until = ({ dueAt, prefix = 'Until' }: { dueAt: string | undefined; prefix?: string }) =>
  dueAt ? (
    <p className="muted small">
      {prefix} <DateTime iso={dueAt} /> · <Countdown to={dueAt} />
    </p>
  ) : null

export const EscalateCard = ({ c, viewer, onDone }: { c: Case; viewer: string; onDone: Done }) => {
  const action = caseAction(c, 'escalate')
  const move = useCaseMove(c)
  const [open, setOpen] = useState(false)
  const [statement, setStatement] = useState('')
  if (!action) return null
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    move.run(
      { kind: 'escalate', body: statement.trim() ? { statement: statement.trim() } : {} },
      () => onDone('Recourse is stepping in. An agent will review the case and decide.'),
    )
  }
  return (
    <Card title="Ask Recourse to step in" id="escalate">
      <p>
        An agent reads the whole case, the listing and the evidence, then decides. The decision
        binds both sides; either may appeal it once.
      </p>
      <Until dueAt={action.dueAt} />
      {open ? (
        <form onSubmit={submit}>
          <Field
            label="What should the agent know?"
            optional
            hint={
              viewer === 'buyer'
                ? 'Why the seller’s answer doesn’t resolve it.'
                : 'Why you can’t agree with the buyer.'
            }
          >
            {(p) => (
              <textarea
                {...p}
                rows={3}
                maxLength={5000}
                value={statement}
                onChange={(e) => setStatement(e.target.value)}
              />
            )}
          </Field>
          {move.error ? <ProblemNotice error={asApiError(move.error)} /> : null}
          <div className="button-row">
            <Button type="submit" variant="primary" busy={move.isPending}>
              Escalate to Recourse
            </Button>
            <Button variant="ghost" onClick={() => setOpen(false)} disabled={move.isPending}>
              Back
            </Button>
          </div>
        </form>
      ) : (
        <Button onClick={() => setOpen(true)}>Escalate…</Button>
      )}
    </Card>
  )
}

export const WithdrawCard = ({ c, onDone }: { c: Case; onDone: Done }) => {
  const action = caseAction(c, 'withdraw')
  const move = useCaseMove(c)
  const [confirming, setConfirming] = useState(false)
  if (!action) return null
  return (
    <Card title="Sorted it out?" id="withdraw" className="card-quiet">
      <p className="muted">Withdrawing closes the case for good; it can’t be reopened.</p>
      {move.error ? <ProblemNotice error={asApiError(move.error)} /> : null}
      {confirming ? (
        <div className="button-row">
          <Button
            variant="danger"
            busy={move.isPending}
            onClick={() =>
              move.run({ kind: 'withdraw' }, () => onDone('Case withdrawn and closed.'))
            }
          >
            Yes, withdraw the case
          </Button>
          <Button variant="ghost" onClick={() => setConfirming(false)} disabled={move.isPending}>
            Keep it open
          </Button>
        </div>
      ) : (
        <Button variant="ghost" onClick={() => setConfirming(true)}>
          Withdraw case…
        </Button>
      )}
    </Card>
  )
}

/** An answer with text and optional files: for the agent's question, and for an appeal. */
const TextWithEvidenceForm = ({
  label,
  hint,
  submitLabel,
  required,
  busy,
  error,
  onSubmit,
}: {
  label: string
  hint?: string
  submitLabel: string
  required: string
  busy: boolean
  error: unknown
  onSubmit: (text: string, evidence: ReturnType<ReturnType<typeof useUploads>['evidence']>) => void
}) => {
  const uploads = useUploads()
  const [text, setText] = useState('')
  const [touched, setTouched] = useState(false)
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        setTouched(true)
        if (!text.trim() || uploads.busy) return
        onSubmit(text.trim(), uploads.evidence())
      }}
    >
      <Field label={label} hint={hint} error={touched && !text.trim() ? required : null}>
        {(p) => (
          <textarea
            {...p}
            rows={4}
            maxLength={5000}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        )}
      </Field>
      <EvidenceUploader uploads={uploads} label="Attach photos or documents" />
      {error ? <ProblemNotice error={asApiError(error)} /> : null}
      <Button type="submit" variant="primary" busy={busy} disabled={uploads.busy}>
        {submitLabel}
      </Button>
    </form>
  )
}

export const ProvideInfoCard = ({ c, onDone }: { c: Case; onDone: Done }) => {
  const action = caseAction(c, 'provide_information')
  const move = useCaseMove(c)
  if (!action || !c.infoRequest) return null
  return (
    <Card title="The agent asks you" id="information" className="card-attention">
      <blockquote className="claim-quote">{c.infoRequest.question}</blockquote>
      <Until dueAt={action.dueAt} prefix="Answer by" />
      <TextWithEvidenceForm
        label="Your answer"
        submitLabel="Send answer"
        required="Write your answer."
        busy={move.isPending}
        error={move.error}
        onSubmit={(text, evidence) =>
          move.run(
            { kind: 'information', body: { text, ...(evidence.length ? { evidence } : {}) } },
            () => onDone('Answer sent to the agent.'),
          )
        }
      />
    </Card>
  )
}

export const AppealCard = ({ c, onDone }: { c: Case; onDone: Done }) => {
  const action = caseAction(c, 'appeal')
  const move = useCaseMove(c)
  const [open, setOpen] = useState(false)
  if (!action) return null
  return (
    <Card title="Appeal the decision" id="appeal">
      <p>
        A different agent reviews the case with what is new. Their decision is final. Appeal only
        with new information.
      </p>
      <Until dueAt={action.dueAt} />
      {open ? (
        <TextWithEvidenceForm
          label="What is new since the decision?"
          hint="Facts the agent didn’t have: a tracking update, a second opinion, photos."
          submitLabel="Send appeal"
          required="Say what is new."
          busy={move.isPending}
          error={move.error}
          onSubmit={(newInformation, evidence) =>
            move.run(
              {
                kind: 'appeal',
                body: { newInformation, ...(evidence.length ? { evidence } : {}) },
              },
              () => onDone('Appeal sent. A different agent will review it.'),
            )
          }
        />
      ) : (
        <Button onClick={() => setOpen(true)}>Appeal…</Button>
      )}
    </Card>
  )
}

export const AddEvidenceCard = ({ c, onDone }: { c: Case; onDone: Done }) => {
  const action = caseAction(c, 'add_evidence')
  const move = useCaseMove(c)
  const uploads = useUploads()
  const [note, setNote] = useState('')
  if (!action) return null
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    const files = uploads.evidence(note.trim() || undefined)
    const pieces =
      files.length > 0 ? files : note.trim() ? [{ kind: 'note' as const, note: note.trim() }] : []
    if (pieces.length === 0 || uploads.busy) return
    move.run({ kind: 'evidence', body: pieces }, () => {
      uploads.clear()
      setNote('')
      onDone(
        pieces.length === 1
          ? 'Evidence added to the case.'
          : `${pieces.length} pieces of evidence added.`,
      )
    })
  }
  return (
    <Card title="Add evidence" id="add-evidence">
      <form onSubmit={submit} noValidate>
        <EvidenceUploader uploads={uploads} label="Choose photos or documents" />
        <Field label={uploads.count > 0 ? 'Caption' : 'Or write a note'} optional>
          {(p) => (
            <input {...p} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
          )}
        </Field>
        {move.error ? <ProblemNotice error={asApiError(move.error)} /> : null}
        <Button
          type="submit"
          busy={move.isPending}
          disabled={uploads.busy || (uploads.count === 0 && !note.trim())}
        >
          Add to the case
        </Button>
      </form>
    </Card>
  )
}

/** A fresh offer when none is pending and the first response is behind: a way to settle. */
export const MakeOfferCard = ({ c, viewer, onDone }: { c: Case; viewer: string; onDone: Done }) => {
  const action = caseAction(c, 'make_offer')
  const [open, setOpen] = useState(false)
  if (!action || pendingOffer(c) || caseAction(c, 'accept_claim') || caseAction(c, 'dispute_claim'))
    return null
  return (
    <Card title={viewer === 'buyer' ? 'Propose a solution' : 'Make an offer'} id="make-offer">
      {open ? (
        <OfferForm c={c} onDone={onDone} onCancel={() => setOpen(false)} />
      ) : (
        <>
          <p className="muted">
            {viewer === 'buyer'
              ? 'Suggest terms you’d accept; the seller can take them and settle the case.'
              : 'An offer the buyer accepts settles the case without an agent.'}
          </p>
          <Button onClick={() => setOpen(true)}>
            {viewer === 'buyer' ? 'Propose terms…' : 'Make an offer…'}
          </Button>
        </>
      )}
    </Card>
  )
}
