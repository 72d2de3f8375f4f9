import { useState, type FormEvent } from 'react'
import { asApiError } from '../../api/client.ts'
import { useAdvanceClock } from '../../api/sandbox.ts'
import { Button } from '../../components/button.tsx'
import { Field } from '../../components/field.tsx'
import { Notice, ProblemNotice } from '../../components/notice.tsx'
import { Card, PageHeader, useDocumentTitle } from '../../components/page.tsx'
import { useNow, useServerClock } from '../../lib/clock.tsx'
import {
  formatDayTime,
  formatDuration,
  formatFull,
  parseIsoDuration,
  viewerTimeZone,
} from '../../lib/time.ts'

const presets = [
  { advanceBy: 'PT1H', label: '+ 1 hour' },
  { advanceBy: 'P1D', label: '+ 1 day' },
  { advanceBy: 'P3D', label: '+ 3 days' },
] as const

const clockFace = new Intl.DateTimeFormat(undefined, {
  hour: 'numeric',
  minute: '2-digit',
  second: '2-digit',
})
const dayFace = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  month: 'long',
  day: 'numeric',
  year: 'numeric',
})

export const SandboxClockPage = () => {
  useDocumentTitle('Sandbox clock')
  const { sandbox, offsetMs, ready } = useServerClock()
  const now = useNow(1_000)
  const advance = useAdvanceClock()
  const [custom, setCustom] = useState('')
  const [touched, setTouched] = useState(false)
  const customMs = parseIsoDuration(custom)
  const customError =
    touched && customMs === null
      ? 'Use an ISO-8601 duration such as PT30M, PT2H, P1DT12H or P7D.'
      : null

  const submit = (e: FormEvent): void => {
    e.preventDefault()
    setTouched(true)
    if (customMs !== null) advance.mutate(custom.trim().toUpperCase())
  }

  if (ready && !sandbox) {
    return (
      <div className="page page-narrow">
        <PageHeader title="Sandbox clock" />
        <Notice tone="info" title="The sandbox is off">
          Time runs as in production. Start Recourse with <code>--sandbox</code> (or{' '}
          <code>RECOURSE_SANDBOX=1</code>) to move time forward and watch deadlines fire.
        </Notice>
      </div>
    )
  }

  const result = advance.data
  return (
    <div className="page page-narrow">
      <PageHeader
        title="Sandbox clock"
        subtitle="Move Recourse’s time forward to see deadlines fire: auto-accepts, seller response windows, reminders. Time never moves back."
      />
      <Card className="clock-card">
        <p className="clock-label">Recourse time</p>
        <p className="clock-time" aria-live="off">
          {clockFace.format(now)}
        </p>
        <p className="clock-day">{dayFace.format(now)}</p>
        <p className="muted small">
          {offsetMs >= 30_000
            ? `${formatDuration(Math.round(offsetMs / 60_000) * 60_000)} ahead of real time`
            : 'Same as real time'}{' '}
          · shown in {viewerTimeZone()}
        </p>
      </Card>
      {result ? (
        <Notice tone="success" title="Time moved forward">
          It is now {formatDayTime(Date.parse(result.now))}.{' '}
          {result.fired === undefined
            ? null
            : result.fired === 0
              ? 'No deadline was due.'
              : `${result.fired} deadline${result.fired === 1 ? '' : 's'} fired.`}
        </Notice>
      ) : null}
      {advance.error ? <ProblemNotice error={asApiError(advance.error)} /> : null}
      <Card title="Advance" id="advance">
        <div className="button-row">
          {presets.map((p) => (
            <Button
              key={p.advanceBy}
              onClick={() => advance.mutate(p.advanceBy)}
              disabled={advance.isPending}
            >
              {p.label}
            </Button>
          ))}
        </div>
        <form className="inline-form" onSubmit={submit} noValidate>
          <Field
            label="Custom duration"
            hint={
              customError
                ? undefined
                : customMs !== null && custom
                  ? `Moves forward ${formatDuration(customMs)}, to ${formatFull(new Date(now + customMs).toISOString())}.`
                  : 'ISO-8601, e.g. PT30M, P1DT12H.'
            }
            error={customError}
          >
            {(p) => (
              <input
                {...p}
                className="mono"
                value={custom}
                onChange={(e) => setCustom(e.target.value)}
                placeholder="P2DT4H"
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </Field>
          <Button type="submit" variant="primary" busy={advance.isPending}>
            Advance
          </Button>
        </form>
      </Card>
    </div>
  )
}
