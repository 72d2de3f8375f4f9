import { useState } from 'react'
import { useSearchParams } from 'react-router'
import {
  useAbuseAppealQueue,
  useBuyerRecord,
  useDecideAbuseAppeal,
  type AbuseAppeal,
  type AbuseAppealStatus,
} from '../../api/abuse-appeals.ts'
import { asApiError } from '../../api/client.ts'
import { usePeople } from '../../api/demo.ts'
import { Badge } from '../../components/badge.tsx'
import { Button } from '../../components/button.tsx'
import { Field } from '../../components/field.tsx'
import { Notice, ProblemNotice } from '../../components/notice.tsx'
import {
  Card,
  EmptyState,
  PageHeader,
  SkeletonRows,
  useDocumentTitle,
} from '../../components/page.tsx'
import { DateTime } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import '../../styles-parties.css'
import '../admin/admin.css'
import { appealStatusLabel, signalTitle } from '../record/appeal-facts.ts'

const STATUSES: readonly AbuseAppealStatus[] = ['open', 'cleared', 'upheld']

/** The buyer's signals now, beside the ones the appeal covers: the numbers may have moved since. */
const RecordNow = ({ buyerId }: { buyerId: string }) => {
  const record = useBuyerRecord(buyerId)
  const r = record.data
  if (!r) return null
  return (
    <p className="small muted">
      Record now ({r.window.days} days): {r.orders} orders, {r.cases.opened} cases,{' '}
      {r.returns.required} returns;{' '}
      {r.signals.length === 0
        ? 'no signal flags.'
        : `flags ${r.signals.map((s) => signalTitle(s.code).toLowerCase()).join(', ')}.`}
    </p>
  )
}

const DecideForm = ({ a, onDone }: { a: AbuseAppeal; onDone: (message: string) => void }) => {
  const decide = useDecideAbuseAppeal(a)
  const [rationale, setRationale] = useState('')
  const [touched, setTouched] = useState(false)
  const [outcome, setOutcome] = useState<'cleared' | 'upheld' | null>(null)
  const submit = (chosen: 'cleared' | 'upheld') => (e: { preventDefault(): void }) => {
    e.preventDefault()
    setTouched(true)
    if (!rationale.trim()) return
    setOutcome(chosen)
    // The card leaves the open list once the queue refetches, so the page is told
    // through the promise (a per-call onSuccess would not run after it unmounts).
    decide
      .mutateAsync({ outcome: chosen, rationale: rationale.trim() })
      .then(() =>
        onDone(
          chosen === 'cleared'
            ? 'Appeal cleared: the signals it covers are off the buyer’s record until the numbers rise.'
            : 'Appeal upheld: the signals stay, with your rationale.',
        ),
      )
      .catch(() => undefined) // shown by `decide.error`
  }
  return (
    <form onSubmit={submit('cleared')} noValidate>
      <Field
        label="Rationale"
        hint="The buyer reads it."
        error={touched && !rationale.trim() ? 'Say why.' : null}
      >
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
      {decide.error ? <ProblemNotice error={asApiError(decide.error)} /> : null}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={decide.isPending && outcome === 'cleared'}>
          Clear the signals
        </Button>
        <Button
          onClick={submit('upheld')}
          busy={decide.isPending && outcome === 'upheld'}
          disabled={decide.isPending}
        >
          Uphold
        </Button>
      </div>
    </form>
  )
}

const AppealCard = ({ a, onDone }: { a: AbuseAppeal; onDone: (message: string) => void }) => {
  const person = usePeople()
  const [label, tone] = appealStatusLabel(a.status)
  const decidable = a.availableActions.length > 0
  return (
    <Card
      title={`${person(a.buyerId)} · appeal of ${a.signals.length} signal${a.signals.length === 1 ? '' : 's'}`}
      id={`appeal-${a.id}`}
      actions={<Badge tone={tone}>{label}</Badge>}
    >
      <p className="small muted">
        Filed <DateTime iso={a.filedAt} /> · buyer <span className="mono">{a.buyerId}</span>
      </p>
      <p className="quote">“{a.statement}”</p>
      <h3 className="compare-title">Signals when filed</h3>
      <ul className="fact-list">
        {a.signals.map((s) => (
          <li key={s.code}>
            <strong>{signalTitle(s.code)}</strong>: {s.text}
          </li>
        ))}
      </ul>
      <RecordNow buyerId={a.buyerId} />
      {a.decision ? (
        <p className="small">
          {a.decision.outcome === 'cleared' ? 'Cleared' : 'Upheld'} by{' '}
          {person(a.decision.by.userId)} <DateTime iso={a.decision.at} />: “{a.decision.rationale}”
        </p>
      ) : null}
      {decidable ? <DecideForm a={a} onDone={onDone} /> : null}
    </Card>
  )
}

/**
 * Abuse appeals for agents: buyers contesting the signals on their record.
 * Open ones first; each shows the buyer's statement, the signals it covers
 * and the record as it is now, and is cleared or upheld with a rationale.
 */
export const AbuseAppealsPage = () => {
  useDocumentTitle('Abuse appeals')
  const [params, setParams] = useSearchParams()
  const asked = params.get('status')
  const status: AbuseAppealStatus = (STATUSES as readonly string[]).includes(asked ?? '')
    ? (asked as AbuseAppealStatus)
    : 'open'
  const queue = useAbuseAppealQueue(status)
  const [message, setMessage] = useState<string | null>(null)
  const items = queue.data?.items ?? []
  return (
    <div className="page">
      <PageHeader
        title="Abuse appeals"
        subtitle="Buyers contesting the abuse signals on their record. Clearing takes the signals off the record and the return-abuse list until the buyer’s numbers get worse."
      />
      <Card>
        <div className="toolbar">
          <Field label="Show">
            {(p) => (
              <select
                {...p}
                value={status}
                onChange={(e) => {
                  setMessage(null)
                  setParams({ status: e.target.value })
                }}
              >
                <option value="open">Open</option>
                <option value="cleared">Cleared</option>
                <option value="upheld">Upheld</option>
              </select>
            )}
          </Field>
        </div>
      </Card>
      {message ? (
        <Notice tone="success" title="Decision recorded">
          {message}
        </Notice>
      ) : null}
      <WhenLoaded query={queue} pending={<SkeletonRows rows={3} />}>
        {() =>
          items.length === 0 ? (
            <EmptyState
              title={status === 'open' ? 'No appeal is waiting' : `No ${status} appeal`}
            />
          ) : (
            <div className="stack">
              {items.map((a) => (
                <AppealCard key={a.id} a={a} onDone={setMessage} />
              ))}
            </div>
          )
        }
      </WhenLoaded>
    </div>
  )
}
