import { useState, type FormEvent } from 'react'
import { asApiError } from '../../api/client.ts'
import { useCaseMove } from '../../api/cases.ts'
import { usePeople } from '../../api/demo.ts'
import type { Case, MakeOfferInput, Offer, OfferTerms } from '../../api/types.ts'
import { Badge } from '../../components/badge.tsx'
import { Button } from '../../components/button.tsx'
import { Field } from '../../components/field.tsx'
import { Money } from '../../components/money.tsx'
import { MoneyInput, readAmount } from '../../components/money-input.tsx'
import { ProblemNotice } from '../../components/notice.tsx'
import { Card } from '../../components/page.tsx'
import { Countdown, DateTime } from '../../components/time.tsx'
import { offerKindLabel, offerStatusLabel } from '../../lib/labels.ts'
import { formatMoney } from '../../lib/money.ts'
import { caseAction, pendingOffer } from './case-facts.ts'

/** An offer's terms in words, with the amount for a partial refund. */
export const OfferTermsText = ({ terms, currency }: { terms: OfferTerms; currency: string }) =>
  terms.kind === 'partial_refund' ? (
    <>
      <Money minor={terms.amount} currency={currency} /> back, keeping the item
    </>
  ) : (
    <>{offerKindLabel(terms.kind)}</>
  )

const byWhom = (o: Offer, viewer: string, sellerName: string): string =>
  o.by === viewer ? 'You' : o.by === 'seller' ? sellerName : 'The buyer'

/** Every offer and counter-offer, newest first, with what became of it. */
export const OffersList = ({ c, viewer }: { c: Case; viewer: string }) => {
  const person = usePeople()
  if (c.offers.length === 0) return null
  return (
    <Card title="Offers" id="offers">
      <ul className="offer-list">
        {[...c.offers].reverse().map((o) => {
          const [label, tone] = offerStatusLabel(o.status)
          return (
            <li key={o.offerId} className={`offer offer-${o.status}`}>
              <div className="offer-main">
                <span className="offer-terms">
                  <OfferTermsText terms={o.terms} currency={c.currency} />
                </span>
                <span className="muted small">
                  {byWhom(o, viewer, person(c.sellerId))} · <DateTime iso={o.madeAt} />
                  {o.status === 'pending' ? (
                    <>
                      {' '}
                      · answer by <DateTime iso={o.respondBy} />
                    </>
                  ) : null}
                </span>
              </div>
              <Badge tone={tone}>{label}</Badge>
            </li>
          )
        })}
      </ul>
    </Card>
  )
}

type Kind = OfferTerms['kind']
const KINDS: readonly Kind[] = [
  'partial_refund',
  'full_refund_keep_item',
  'return_and_refund',
  'replacement',
]

/**
 * A new offer or a counter-offer. The amount is typed in the order's currency
 * and turned into minor units by string arithmetic; the parsed amount is shown
 * back before sending, and the server's cap (OFFER_EXCEEDS_REFUNDABLE) is shown
 * with its figure if it refuses.
 */
export const OfferForm = ({
  c,
  counter = false,
  onDone,
  onCancel,
}: {
  c: Case
  counter?: boolean
  onDone: (message: string) => void
  onCancel?: () => void
}) => {
  const move = useCaseMove(c)
  // Not-received claims have nothing to send back or keep.
  const kinds = c.reason === 'not_received' ? KINDS.filter((k) => k !== 'return_and_refund') : KINDS
  const [kind, setKind] = useState<Kind>('partial_refund')
  const [amount, setAmount] = useState('')
  const [message, setMessage] = useState('')
  const [touched, setTouched] = useState(false)
  const parsed = readAmount(amount, c.currency)
  const amountError = kind === 'partial_refund' && touched && !parsed.ok ? parsed.problem : null

  const submit = (e: FormEvent): void => {
    e.preventDefault()
    setTouched(true)
    let terms: MakeOfferInput['terms']
    if (kind === 'partial_refund') {
      if (!parsed.ok) return
      terms = { kind, amount: parsed.minor }
    } else {
      terms = { kind }
    }
    move.run(
      { kind: 'offer', body: { terms, ...(message.trim() ? { message: message.trim() } : {}) } },
      () => onDone(counter ? 'Counter-offer sent.' : 'Offer sent.'),
    )
  }

  return (
    <form className="offer-form" onSubmit={submit} noValidate>
      <fieldset className="reasons">
        <legend className="field-label">{counter ? 'Your counter-offer' : 'What you offer'}</legend>
        {kinds.map((k) => (
          <label key={k} className={`reason${kind === k ? ' reason-selected' : ''}`}>
            <input
              type="radio"
              name={`offer-kind-${c.id}`}
              value={k}
              checked={kind === k}
              onChange={() => setKind(k)}
            />
            <span className="reason-text">
              <span>{offerKindLabel(k)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {kind === 'partial_refund' ? (
        <Field
          label={`Amount (${c.currency})`}
          error={amountError}
          hint={
            parsed.ok ? (
              <>
                Refunds <strong>{formatMoney(parsed.minor, c.currency)}</strong> of the{' '}
                {formatMoney(c.claimedAmount, c.currency)} claimed.
              </>
            ) : (
              <>The buyer claims {formatMoney(c.claimedAmount, c.currency)}.</>
            )
          }
        >
          {(p) => (
            <MoneyInput
              {...p}
              currency={c.currency}
              value={amount}
              onChange={(text) => {
                setAmount(text)
                move.reset()
              }}
            />
          )}
        </Field>
      ) : null}
      <Field label="Message" optional>
        {(p) => (
          <textarea
            {...p}
            rows={2}
            maxLength={5000}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            placeholder={counter ? 'Why this would work for you' : 'Explain your offer'}
          />
        )}
      </Field>
      {move.error ? <ProblemNotice error={asApiError(move.error)} /> : null}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={move.isPending}>
          {counter ? 'Send counter-offer' : 'Send offer'}
        </Button>
        {onCancel ? (
          <Button variant="ghost" onClick={onCancel} disabled={move.isPending}>
            Back
          </Button>
        ) : null}
      </div>
    </form>
  )
}

/**
 * The offer waiting for this viewer's answer: accept, decline (with an optional
 * word), or counter, each only when `availableActions` offers it.
 */
export const PendingOfferCard = ({
  c,
  viewer,
  onDone,
}: {
  c: Case
  viewer: string
  onDone: (message: string) => void
}) => {
  const person = usePeople()
  const offer = pendingOffer(c)
  const accept = caseAction(c, 'accept_offer')
  const decline = caseAction(c, 'decline_offer')
  const counter = caseAction(c, 'make_offer')
  const move = useCaseMove(c)
  const [mode, setMode] = useState<'answer' | 'decline' | 'counter'>('answer')
  const [message, setMessage] = useState('')
  if (!offer) return null

  const from = offer.by === 'seller' ? person(c.sellerId) : 'The buyer'
  if (!accept && !decline) {
    // My own offer, waiting for the other side.
    return offer.by === viewer ? (
      <Card title="Your offer is with the other side" id="offer-waiting" className="card-quiet">
        <p className="offer-big">
          <OfferTermsText terms={offer.terms} currency={c.currency} />
        </p>
        <p className="muted small">
          {viewer === 'seller' ? 'The buyer' : 'The seller'} answers by{' '}
          <DateTime iso={offer.respondBy} /> (<Countdown to={offer.respondBy} />
          ). Without an answer, the offer lapses.
        </p>
      </Card>
    ) : null
  }

  return (
    <Card title={`${from} offers`} id="offer" className="card-attention">
      <p className="offer-big">
        <OfferTermsText terms={offer.terms} currency={c.currency} />
      </p>
      <p className="muted small">
        Answer by <DateTime iso={offer.respondBy} /> · <Countdown to={offer.respondBy} />
        {viewer === 'buyer'
          ? '. Accepting settles the case.'
          : '. Accepting settles the case on these terms.'}
      </p>
      {move.error ? <ProblemNotice error={asApiError(move.error)} /> : null}
      {mode === 'answer' ? (
        <div className="button-row">
          {accept ? (
            <Button
              variant="primary"
              busy={move.isPending && move.variables.kind === 'accept-offer'}
              disabled={move.isPending}
              onClick={() =>
                move.run({ kind: 'accept-offer', offerId: offer.offerId }, () =>
                  onDone('Offer accepted. The case is settled.'),
                )
              }
            >
              Accept offer
            </Button>
          ) : null}
          {counter ? (
            <Button onClick={() => setMode('counter')} disabled={move.isPending}>
              Counter…
            </Button>
          ) : null}
          {decline ? (
            <Button variant="ghost" onClick={() => setMode('decline')} disabled={move.isPending}>
              Decline…
            </Button>
          ) : null}
        </div>
      ) : null}
      {mode === 'decline' && decline ? (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            move.run(
              {
                kind: 'decline-offer',
                offerId: offer.offerId,
                body: message.trim() ? { message: message.trim() } : {},
              },
              () => onDone('Offer declined.'),
            )
          }}
        >
          <Field label="Tell them why" optional>
            {(p) => (
              <textarea
                {...p}
                rows={2}
                maxLength={5000}
                value={message}
                onChange={(e) => setMessage(e.target.value)}
              />
            )}
          </Field>
          <div className="button-row">
            <Button type="submit" variant="danger" busy={move.isPending}>
              Decline offer
            </Button>
            <Button variant="ghost" onClick={() => setMode('answer')} disabled={move.isPending}>
              Back
            </Button>
          </div>
        </form>
      ) : null}
      {mode === 'counter' && counter ? (
        <OfferForm c={c} counter onDone={onDone} onCancel={() => setMode('answer')} />
      ) : null}
    </Card>
  )
}
