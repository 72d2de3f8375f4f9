import { useState, type FormEvent } from 'react'
import {
  useBuyerRecord,
  useFileAbuseAppeal,
  type BuyerRecord,
  type BuyerSignal,
} from '../../api/abuse-appeals.ts'
import { asApiError } from '../../api/client.ts'
import { usePeople } from '../../api/demo.ts'
import { useSession } from '../../auth/use-session.ts'
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
import { appealStatusLabel, signalTitle } from './appeal-facts.ts'

/** Mirrors `APPEAL_STATEMENT_MAX_LENGTH` (src/domain/abuse-appeal/rules.ts); the server refuses more. */
const STATEMENT_MAX = 2000

const SignalItem = ({ s }: { s: BuyerSignal }) => (
  <li data-signal={s.code}>
    <strong>{signalTitle(s.code)}</strong>: {s.text}
    {s.reflagged ? (
      <span className="muted">
        {' '}
        Cleared on appeal <DateTime iso={s.reflagged.clearedAt} />, flagged again: the number rose
        above the one cleared.
      </span>
    ) : null}
  </li>
)

/** The appeal form, or where the latest appeal stands. */
const AppealCard = ({ buyerId, r }: { buyerId: string; r: BuyerRecord }) => {
  const person = usePeople()
  const file = useFileAbuseAppeal(buyerId)
  const [statement, setStatement] = useState('')
  const [touched, setTouched] = useState(false)
  const canAppeal = r.availableActions.some((a) => a.action === 'file_abuse_appeal')
  const a = r.appeal
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    setTouched(true)
    if (!statement.trim()) return
    file.mutate({ statement: statement.trim() }, { onSuccess: () => setStatement('') })
  }
  const [label, tone] = a ? appealStatusLabel(a.status) : ['', 'neutral' as const]
  return (
    <Card title="Appeal" id="appeal" actions={a ? <Badge tone={tone}>{label}</Badge> : undefined}>
      {a?.status === 'open' ? (
        <Notice tone="info" title="Your appeal is with an agent">
          Filed <DateTime iso={a.filedAt} />. An agent reads your statement with the cases behind
          the signals and clears or upholds it; you get a notification either way.
        </Notice>
      ) : null}
      {a && a.status !== 'open' && a.decidedAt ? (
        <Notice
          tone={a.status === 'cleared' ? 'success' : 'warning'}
          title={
            a.status === 'cleared' ? 'Your last appeal was cleared' : 'Your last appeal was upheld'
          }
        >
          Decided <DateTime iso={a.decidedAt} />
          {a.decidedBy ? ` by ${person(a.decidedBy.userId)}` : ''}: “{a.rationale}”
        </Notice>
      ) : null}
      {canAppeal ? (
        <form onSubmit={submit} noValidate>
          <p className="small muted">{r.contest}</p>
          <Field
            label="Why are these signals wrong?"
            hint={`The agent reads this beside your cases. Up to ${STATEMENT_MAX} characters.`}
            error={touched && !statement.trim() ? 'Say why you think so.' : null}
          >
            {(p) => (
              <textarea
                {...p}
                value={statement}
                rows={4}
                maxLength={STATEMENT_MAX}
                onChange={(e) => setStatement(e.target.value)}
              />
            )}
          </Field>
          {file.error ? <ProblemNotice error={asApiError(file.error)} /> : null}
          <Button type="submit" variant="primary" busy={file.isPending}>
            Send appeal
          </Button>
        </form>
      ) : a === null ? (
        <p className="small muted">{r.contest}</p>
      ) : null}
    </Card>
  )
}

/**
 * The buyer's own record: the numbers the marketplace keeps on it, the
 * signals they raise (with the reason for each), signals cleared on appeal,
 * and the appeal itself.
 */
export const BuyerRecordPage = () => {
  const session = useSession()
  const buyerId = session?.userId ?? ''
  useDocumentTitle('My record')
  const person = usePeople()
  const record = useBuyerRecord(buyerId)
  const r = record.data
  const flagged = (r?.signals.length ?? 0) > 0
  return (
    <div className="page">
      <PageHeader
        title="My record"
        badge={
          r ? (
            flagged ? (
              <Badge tone="warning">Flagged</Badge>
            ) : (
              <Badge tone="success">In good standing</Badge>
            )
          ) : null
        }
        subtitle={
          r
            ? `The last ${r.window.days} days (${r.window.from} to ${r.window.to}). Signals are advisory: nothing happens to your account because of them alone.`
            : 'What the marketplace sees of your orders, cases and returns.'
        }
      />
      <WhenLoaded query={record} pending={<SkeletonRows rows={4} />}>
        {(r) => (
          <>
            <div className="stats stats-wrap" aria-label="Totals">
              <div className="stat">
                <span className="stat-value">{r.orders}</span>
                <span className="stat-label">orders</span>
              </div>
              <div className="stat">
                <span className="stat-value">{r.cases.opened}</span>
                <span className="stat-label">cases opened</span>
              </div>
              <div className="stat">
                <span className="stat-value">{r.returns.required}</span>
                <span className="stat-label">returns</span>
              </div>
              <div className="stat">
                <span className="stat-value">{r.cancellations.approved}</span>
                <span className="stat-label">cancellations</span>
              </div>
            </div>
            <Card title="Signals" id="signals">
              {r.signals.length === 0 ? (
                <EmptyState title="Nothing on your record raises a signal" />
              ) : (
                <ul className="fact-list">
                  {r.signals.map((s) => (
                    <SignalItem key={s.code} s={s} />
                  ))}
                </ul>
              )}
            </Card>
            {r.cleared.length > 0 ? (
              <Card title="Cleared on appeal" id="cleared" className="card-quiet">
                <ul className="fact-list">
                  {r.cleared.map((s) => (
                    <li key={s.code} data-cleared={s.code}>
                      <strong>{signalTitle(s.code)}</strong>: {s.text}{' '}
                      <span className="muted">
                        Cleared on appeal <DateTime iso={s.clearedOnAppeal.at} /> by{' '}
                        {person(s.clearedOnAppeal.by.userId)}: “{s.clearedOnAppeal.rationale}” It
                        stays cleared unless the number rises.
                      </span>
                    </li>
                  ))}
                </ul>
              </Card>
            ) : null}
            <AppealCard buyerId={buyerId} r={r} />
          </>
        )}
      </WhenLoaded>
    </div>
  )
}
