import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { asApiError, type ApiError } from '../../api/client.ts'
import { useOpenCase } from '../../api/cases.ts'
import { useOrder } from '../../api/orders.ts'
import type { CaseReason, DesiredOutcome, EvidenceInput, Order } from '../../api/types.ts'
import { Button } from '../../components/button.tsx'
import { Field } from '../../components/field.tsx'
import { ListingThumb } from '../../components/listing-thumb.tsx'
import { Money } from '../../components/money.tsx'
import { Notice, ProblemNotice } from '../../components/notice.tsx'
import { Card, PageHeader, useDocumentTitle } from '../../components/page.tsx'
import { Countdown, DateTime } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import {
  caseReasonChoice,
  caseReasonChoices,
  desiredOutcomeChoices,
  desiredOutcomeLabel,
} from '../../lib/labels.ts'
import { firstListing, hasAction, orderTitle } from '../orders/order-facts.ts'
import { EvidenceUploader, useUploads } from './evidence-uploader.tsx'

/** Every reason the API knows, in the order a buyer thinks of them. */
const REASONS = caseReasonChoices

/**
 * What proves each reason. Guidance only: the policy decides what is required
 * (`cases.evidenceRequiredFor`) and the server says so (EVIDENCE_REQUIRED).
 */
const evidenceGuide: Record<CaseReason, { kind: 'photos' | 'tracking' | 'optional'; ask: string }> =
  {
    not_received: {
      kind: 'tracking',
      ask: 'Say what the tracking shows and when you last checked. A screenshot of the tracking page helps.',
    },
    not_as_described: {
      kind: 'photos',
      ask: 'Photos that show how it differs from the listing: the label, the flaw, a measurement beside a tape.',
    },
    damaged: { kind: 'photos', ask: 'Photos of the damage, and of the box it came in.' },
    wrong_item: { kind: 'photos', ask: 'Photos of what arrived, with its label or tag.' },
    defective: { kind: 'photos', ask: 'A photo of the fault, and of any error it shows.' },
    missing_parts: {
      kind: 'photos',
      ask: 'A photo of everything that arrived, laid out together.',
    },
    counterfeit: {
      kind: 'photos',
      ask: 'Photos of labels, tags and serial numbers; an authenticator’s letter as a PDF if you have one.',
    },
    changed_mind: {
      kind: 'optional',
      ask: 'Nothing is needed. Photos help if the item goes back.',
    },
    doesnt_fit: { kind: 'optional', ask: 'Nothing is needed. A photo of the size label helps.' },
  }

const OUTCOMES = desiredOutcomeChoices
const outcomesFor = (reason: CaseReason | null): readonly DesiredOutcome[] =>
  reason === 'not_received'
    ? OUTCOMES.filter((o) => o === 'full_refund' || o === 'replacement')
    : OUTCOMES

const STEPS = ['What went wrong', 'Evidence', 'What would put it right', 'Review'] as const

/** Which refusals send the buyer back to which step. */
const stepFor = (code: string): number | null =>
  code === 'REASON_NOT_COVERED' || code === 'INVALID_LINES'
    ? 0
    : code === 'EVIDENCE_REQUIRED' || code.startsWith('FILE_') || code === 'INVALID_EVIDENCE'
      ? 1
      : code === 'TEXT_REQUIRED'
        ? 2
        : null

const Stepper = ({ step, onGo }: { step: number; onGo: (i: number) => void }) => (
  <ol className="stepper" aria-label="Steps">
    {STEPS.map((label, i) => (
      <li
        key={label}
        className={`step${i === step ? ' step-current' : ''}${i < step ? ' step-done' : ''}`}
        aria-current={i === step ? 'step' : undefined}
      >
        {i < step ? (
          <button type="button" className="step-button" onClick={() => onGo(i)}>
            <span className="step-num" aria-hidden="true">
              ✓
            </span>
            <span className="step-label">{label}</span>
            <span className="visually-hidden"> (done, edit)</span>
          </button>
        ) : (
          <span className="step-button">
            <span className="step-num" aria-hidden="true">
              {i + 1}
            </span>
            <span className="step-label">{label}</span>
          </span>
        )}
      </li>
    ))}
  </ol>
)

const Choice = ({
  name,
  checked,
  onChange,
  label,
  hint,
}: {
  name: string
  checked: boolean
  onChange: () => void
  label: ReactNode
  hint?: ReactNode
}) => (
  <label className={`reason${checked ? ' reason-selected' : ''}`}>
    <input type="radio" name={name} checked={checked} onChange={onChange} />
    <span className="reason-text">
      <span>{label}</span>
      {hint ? <span className="reason-mode">{hint}</span> : null}
    </span>
  </label>
)

const OrderSummary = ({ order }: { order: Order }) => {
  const open = hasAction(order, 'open_case')
  return (
    <Card title="The order" id="the-order" className="card-quiet">
      <div className="row-main">
        <ListingThumb listing={firstListing(order)} size={52} />
        <div className="row-text">
          <span className="compact-title">{orderTitle(order)}</span>
          <span className="row-sub">
            #{order.externalRef} · <Money minor={order.total} currency={order.currency} />
          </span>
        </div>
      </div>
      <dl className="kv kv-tight wizard-facts">
        {order.deliveredAt ? (
          <div>
            <dt>Delivered</dt>
            <dd>
              <DateTime iso={order.deliveredAt} />
            </dd>
          </div>
        ) : (
          <div>
            <dt>Expected</dt>
            <dd>
              <DateTime iso={order.estimatedDeliveryAt} />
            </dd>
          </div>
        )}
        {order.shipments[0] ? (
          <div>
            <dt>Tracking</dt>
            <dd>
              {order.shipments[0].carrier}
              <span className="facts-sub mono">{order.shipments[0].trackingNumber}</span>
            </dd>
          </div>
        ) : null}
        {open?.dueAt ? (
          <div>
            <dt>Cases until</dt>
            <dd>
              <DateTime iso={open.dueAt} />
              <span className="facts-sub">
                <Countdown to={open.dueAt} />
              </span>
            </dd>
          </div>
        ) : null}
      </dl>
      <ol className="how-list">
        <li>The seller hears from you at once and can put it right.</li>
        <li>If you can’t agree, ask Recourse to step in: an agent decides.</li>
        <li>Refunds go back the way you paid.</li>
      </ol>
    </Card>
  )
}

const Wizard = ({ order }: { order: Order }) => {
  const navigate = useNavigate()
  const openCase = useOpenCase(order.id)
  const uploads = useUploads()
  const [step, setStep] = useState(0)
  const [reason, setReason] = useState<CaseReason | null>(null)
  const [lines, setLines] = useState<ReadonlySet<string>>(
    () => new Set(order.lines.map((l) => l.lineId)),
  )
  const [trackingNote, setTrackingNote] = useState('')
  const [outcome, setOutcome] = useState<DesiredOutcome | null>(null)
  const [description, setDescription] = useState('')
  const [tried, setTried] = useState<ReadonlySet<number>>(new Set())
  const heading = useRef<HTMLHeadingElement>(null)
  const first = useRef(true)

  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    heading.current?.focus()
  }, [step])

  const guide = reason ? evidenceGuide[reason] : null
  const shipment = order.shipments[0]
  const errors: Record<number, string | null> = {
    0: !reason ? 'Choose what went wrong.' : lines.size === 0 ? 'Choose at least one item.' : null,
    1: uploads.busy ? 'Wait for the uploads to finish.' : null,
    2: !outcome
      ? 'Choose what would put it right.'
      : !description.trim()
        ? 'Describe what happened, in a sentence or two.'
        : null,
    3: null,
  }

  const go = (next: number): void => {
    setTried(new Set())
    openCase.reset()
    setStep(next)
  }
  const forward = (): void => {
    if (errors[step]) {
      setTried((t) => new Set(t).add(step))
      return
    }
    go(step + 1)
  }

  const evidence = (): EvidenceInput[] => {
    const pieces: EvidenceInput[] = []
    if (reason === 'not_received' && trackingNote.trim()) {
      pieces.push(
        shipment
          ? {
              kind: 'tracking',
              tracking: { carrier: shipment.carrier, trackingNumber: shipment.trackingNumber },
              note: trackingNote.trim().slice(0, 1000),
            }
          : { kind: 'note', note: trackingNote.trim() },
      )
    }
    return [...pieces, ...uploads.evidence()]
  }

  const submit = (e: FormEvent): void => {
    e.preventDefault()
    if (step < 3) {
      forward()
      return
    }
    if (!reason || !outcome) return
    const all = lines.size === order.lines.length
    const pieces = evidence()
    openCase.mutate(
      {
        reason,
        desiredOutcome: outcome,
        description: description.trim(),
        ...(all
          ? {}
          : {
              lines: order.lines
                .filter((l) => lines.has(l.lineId))
                .map((l) => ({ lineId: l.lineId, quantity: l.quantity })),
            }),
        ...(pieces.length ? { evidence: pieces } : {}),
      },
      {
        onSuccess: (c) =>
          void navigate(`/cases/${c.id}`, { replace: true, state: { opened: true } }),
      },
    )
  }

  const error = tried.has(step) && step !== 2 ? errors[step] : null
  const outcomeError = tried.has(2) && !outcome ? 'Choose what would put it right.' : null
  const descriptionError =
    tried.has(2) && !description.trim() ? 'Describe what happened, in a sentence or two.' : null
  const refusal: ApiError | null = openCase.error ? asApiError(openCase.error) : null
  const fixAt = refusal ? stepFor(refusal.code) : null
  const photoCount = uploads.count

  return (
    <form className="wizard" onSubmit={submit} noValidate>
      <Stepper step={step} onGo={go} />
      <Card className="wizard-card">
        <h2 className="wizard-title" ref={heading} tabIndex={-1}>
          {STEPS[step]}
        </h2>

        {step === 0 ? (
          <>
            <fieldset
              className={`reasons reasons-grid${error && !reason ? ' field-invalid' : ''}`}
              aria-describedby={error ? 'step-error' : undefined}
            >
              <legend className="visually-hidden">What went wrong</legend>
              {REASONS.map((r) => (
                <Choice
                  key={r}
                  name="reason"
                  checked={reason === r}
                  onChange={() => {
                    setReason(r)
                    if (outcome && !outcomesFor(r).includes(outcome)) setOutcome(null)
                  }}
                  label={caseReasonChoice[r]?.label ?? r}
                  hint={caseReasonChoice[r]?.hint}
                />
              ))}
            </fieldset>
            {order.lines.length > 1 ? (
              <fieldset className="reasons">
                <legend className="field-label">Which items?</legend>
                {order.lines.map((l) => (
                  <label
                    key={l.lineId}
                    className={`reason${lines.has(l.lineId) ? ' reason-selected' : ''}`}
                  >
                    <input
                      type="checkbox"
                      checked={lines.has(l.lineId)}
                      onChange={() =>
                        setLines((s) => {
                          const next = new Set(s)
                          if (next.has(l.lineId)) next.delete(l.lineId)
                          else next.add(l.lineId)
                          return next
                        })
                      }
                    />
                    <span className="reason-text">
                      <span>{l.listing.title}</span>
                      <span className="reason-mode">
                        {l.quantity > 1 ? `${l.quantity} × ` : ''}
                        <Money minor={l.unitPrice} currency={order.currency} />
                      </span>
                    </span>
                  </label>
                ))}
              </fieldset>
            ) : null}
          </>
        ) : null}

        {step === 1 && guide && reason ? (
          <>
            <div className={`guide guide-${guide.kind}`}>
              <span className="guide-tag">
                {guide.kind === 'photos'
                  ? 'Photos needed'
                  : guide.kind === 'tracking'
                    ? 'Tracking'
                    : 'Optional'}
              </span>
              <p>
                <strong>{caseReasonChoice[reason]?.label}.</strong> {guide.ask}
              </p>
            </div>
            {reason === 'not_received' ? (
              <Field
                label="What does the tracking say?"
                hint={
                  shipment
                    ? `Shipped with ${shipment.carrier}, tracking ${shipment.trackingNumber}: this goes with your note.`
                    : 'The seller never added tracking.'
                }
              >
                {(p) => (
                  <textarea
                    {...p}
                    rows={3}
                    maxLength={1000}
                    value={trackingNote}
                    onChange={(e) => setTrackingNote(e.target.value)}
                    placeholder="e.g. Marked delivered on Tuesday, but nothing was at my door or with neighbours."
                  />
                )}
              </Field>
            ) : null}
            <EvidenceUploader
              uploads={uploads}
              label={
                guide.kind === 'photos' ? 'Add photos of the problem' : 'Add photos or documents'
              }
            />
            {guide.kind === 'photos' && photoCount === 0 && !uploads.busy ? (
              <p className="muted small">
                Without a photo, the seller and any agent have only your word; some marketplaces
                require one.
              </p>
            ) : null}
          </>
        ) : null}

        {step === 2 ? (
          <>
            <fieldset
              className={`reasons${outcomeError ? ' field-invalid' : ''}`}
              aria-describedby={outcomeError ? 'outcome-error' : undefined}
            >
              <legend className="field-label">What would you like?</legend>
              {outcomesFor(reason).map((o) => (
                <Choice
                  key={o}
                  name="outcome"
                  checked={outcome === o}
                  onChange={() => setOutcome(o)}
                  label={desiredOutcomeLabel(o)}
                />
              ))}
              {outcomeError ? (
                <p className="field-error" id="outcome-error">
                  {outcomeError}
                </p>
              ) : null}
            </fieldset>
            <Field
              label="What happened?"
              hint="The seller reads this first; an agent reads it if Recourse steps in."
              error={descriptionError}
            >
              {(p) => (
                <textarea
                  {...p}
                  rows={5}
                  maxLength={5000}
                  value={description}
                  onChange={(e) => setDescription(e.target.value)}
                />
              )}
            </Field>
          </>
        ) : null}

        {step === 3 && reason && outcome ? (
          <dl className="review">
            <div>
              <dt>What went wrong</dt>
              <dd>{caseReasonChoice[reason]?.label}</dd>
              <dd>
                <button type="button" className="link-button" onClick={() => go(0)}>
                  Change<span className="visually-hidden"> what went wrong</span>
                </button>
              </dd>
            </div>
            <div>
              <dt>Evidence</dt>
              <dd>
                {[
                  photoCount > 0 ? `${photoCount} file${photoCount === 1 ? '' : 's'}` : null,
                  reason === 'not_received' && trackingNote.trim() ? 'a tracking note' : null,
                ]
                  .filter(Boolean)
                  .join(' and ') || 'None'}
              </dd>
              <dd>
                <button type="button" className="link-button" onClick={() => go(1)}>
                  Change<span className="visually-hidden"> evidence</span>
                </button>
              </dd>
            </div>
            <div>
              <dt>You’d like</dt>
              <dd>{desiredOutcomeLabel(outcome)}</dd>
              <dd>
                <button type="button" className="link-button" onClick={() => go(2)}>
                  Change<span className="visually-hidden"> what you’d like</span>
                </button>
              </dd>
            </div>
            <div>
              <dt>In your words</dt>
              <dd className="quote">“{description.trim()}”</dd>
              <dd />
            </div>
          </dl>
        ) : null}

        {error ? (
          <p className="field-error" id="step-error">
            {error}
          </p>
        ) : null}
        {refusal ? (
          <ProblemNotice
            error={refusal}
            action={
              fixAt !== null && fixAt !== step ? (
                <Button size="sm" onClick={() => go(fixAt)}>
                  {fixAt === 0 ? 'Choose another reason' : fixAt === 1 ? 'Add evidence' : 'Edit'}
                </Button>
              ) : undefined
            }
          />
        ) : null}

        <div className="wizard-nav">
          {step > 0 ? (
            <Button variant="ghost" onClick={() => go(step - 1)} disabled={openCase.isPending}>
              Back
            </Button>
          ) : (
            <Link className="btn btn-ghost" to={`/orders/${order.id}`}>
              Cancel
            </Link>
          )}
          <Button
            type="submit"
            variant="primary"
            busy={openCase.isPending}
            disabled={step === 1 && uploads.busy}
          >
            {step < 3 ? 'Continue' : 'Open case'}
          </Button>
        </div>
      </Card>
    </form>
  )
}

/** The buyer's open-case wizard: reason → the evidence it needs → the outcome → review and send. */
export const OpenCasePage = () => {
  const { orderId = '' } = useParams()
  const order = useOrder(orderId)
  useDocumentTitle('Open a case')
  const back = { to: `/orders/${orderId}`, label: 'Back to the order' }
  return (
    <WhenLoaded query={order} label="Loading the order…" page={{ title: 'Open a case', back }}>
      {(o) => {
        const canOpen = hasAction(o, 'open_case')
        return (
          <div className="page">
            <PageHeader
              back={back}
              title="Open a case"
              subtitle={`About ${orderTitle(o)}. It takes a minute; the seller is told at once.`}
            />
            {canOpen ? (
              <div className="wizard-layout">
                <Wizard order={o} />
                <aside aria-label="About this order">
                  <OrderSummary order={o} />
                </aside>
              </div>
            ) : o.openCaseId ? (
              <Notice tone="info" title="A case is already open on this order">
                <Link to={`/cases/${o.openCaseId}`}>Go to the case</Link> to follow it or add
                evidence.
              </Notice>
            ) : (
              <Notice tone="info" title="You can’t open a case on this order now">
                Cases open once an order is delivered, or when it is late to arrive, and until the
                marketplace’s window closes. <Link to={`/orders/${o.id}`}>Back to the order</Link>.
              </Notice>
            )}
          </div>
        )
      }}
    </WhenLoaded>
  )
}
