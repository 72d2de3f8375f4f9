import { useId } from 'react'
import type { Knob } from '../../api/admin.ts'
import { Field } from '../../components/field.tsx'
import { humanize } from '../../lib/labels.ts'
import { formatKnob, knobLabel, weekdayName } from './policy-draft.ts'

type Duration = { amount: number; unit: 'hours' | 'calendar_days' | 'business_days' }

const unitOptions: [Duration['unit'], string][] = [
  ['hours', 'hours'],
  ['calendar_days', 'calendar days'],
  ['business_days', 'business days'],
]

const Help = ({ knob }: { knob: Knob }) => (
  <>
    {knob.help}
    {knob.default ? <> Default: {knob.default}.</> : null}
  </>
)

const DurationInput = ({
  knob,
  value,
  onChange,
}: {
  knob: Knob
  value: Duration | null
  onChange: (v: Duration | null) => void
}) => {
  const id = useId()
  const none = value === null
  return (
    <fieldset className="check-group" aria-describedby={`${id}-help`}>
      <legend>{knobLabel(knob.path)}</legend>
      <div className="duration-input">
        <input
          type="number"
          min={0}
          step="any"
          inputMode="decimal"
          aria-label={`${knobLabel(knob.path)}: amount`}
          value={none ? '' : value.amount}
          disabled={none}
          onChange={(e) =>
            onChange({ amount: Number(e.target.value), unit: value?.unit ?? 'calendar_days' })
          }
        />
        <select
          aria-label={`${knobLabel(knob.path)}: unit`}
          value={value?.unit ?? 'calendar_days'}
          disabled={none}
          onChange={(e) =>
            onChange({ amount: value?.amount ?? 0, unit: e.target.value as Duration['unit'] })
          }
        >
          {unitOptions.map(([u, label]) => (
            <option key={u} value={u}>
              {label}
            </option>
          ))}
        </select>
        {knob.nullable ? (
          <label className="check">
            <input
              type="checkbox"
              checked={none}
              onChange={(e) =>
                onChange(e.target.checked ? null : { amount: 1, unit: 'calendar_days' })
              }
            />
            None
          </label>
        ) : null}
      </div>
      <p className="field-hint" id={`${id}-help`}>
        <Help knob={knob} />
      </p>
    </fieldset>
  )
}

const CheckList = ({
  knob,
  options,
  selected,
  onChange,
  label = (o: string) => humanize(o),
}: {
  knob: Knob
  options: readonly string[]
  selected: readonly string[]
  onChange: (v: string[]) => void
  label?: (o: string) => string
}) => {
  const id = useId()
  return (
    <fieldset className="check-group" aria-describedby={`${id}-help`}>
      <legend>{knobLabel(knob.path)}</legend>
      <div className="check-list">
        {options.map((o) => (
          <label key={o} className="check">
            <input
              type="checkbox"
              checked={selected.includes(o)}
              onChange={(e) =>
                onChange(
                  e.target.checked
                    ? options.filter((x) => x === o || selected.includes(x))
                    : selected.filter((x) => x !== o),
                )
              }
            />
            {label(o)}
          </label>
        ))}
      </div>
      <p className="field-hint" id={`${id}-help`}>
        <Help knob={knob} />
      </p>
    </fieldset>
  )
}

/** One knob's editor, chosen by its kind from the catalogue; the JSDoc is the hint. */
export const KnobField = ({
  knob,
  value,
  onChange,
  error,
}: {
  knob: Knob
  value: unknown
  onChange: (value: unknown) => void
  error?: string | undefined
}) => {
  const label = knobLabel(knob.path)
  const hint = <Help knob={knob} />
  switch (knob.kind) {
    case 'duration':
      return <DurationInput knob={knob} value={value as Duration | null} onChange={onChange} />
    case 'boolean':
      return (
        <Field label={label} hint={hint} error={error}>
          {(p) => (
            <select
              {...p}
              value={value ? 'yes' : 'no'}
              onChange={(e) => onChange(e.target.value === 'yes')}
            >
              <option value="yes">Yes</option>
              <option value="no">No</option>
            </select>
          )}
        </Field>
      )
    case 'rate':
      return (
        <Field label={`${label} (%)`} hint={hint} error={error}>
          {(p) => (
            <input
              {...p}
              type="number"
              min={0}
              max={100}
              step="any"
              inputMode="decimal"
              value={Math.round((value as number) * 10000) / 100}
              onChange={(e) => onChange(Number(e.target.value) / 100)}
            />
          )}
        </Field>
      )
    case 'number':
      return (
        <Field label={label} hint={hint} error={error}>
          {(p) => (
            <input
              {...p}
              type="number"
              min={0}
              step="any"
              inputMode="decimal"
              placeholder={knob.nullable ? 'No limit' : undefined}
              value={value === null ? '' : (value as number)}
              onChange={(e) =>
                onChange(knob.nullable && e.target.value === '' ? null : Number(e.target.value))
              }
            />
          )}
        </Field>
      )
    case 'choice':
      return (
        <Field label={label} hint={hint} error={error}>
          {(p) => (
            <select {...p} value={String(value)} onChange={(e) => onChange(e.target.value)}>
              {knob.choices.map((c) => (
                <option key={c} value={c}>
                  {humanize(c)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )
    case 'text':
      return (
        <Field label={label} hint={hint} error={error}>
          {(p) => <input {...p} value={String(value)} onChange={(e) => onChange(e.target.value)} />}
        </Field>
      )
    case 'reasons':
    case 'seller_reasons':
      return (
        <CheckList
          knob={knob}
          options={knob.choices}
          selected={value as string[]}
          onChange={onChange}
        />
      )
    case 'weekdays':
      return (
        <CheckList
          knob={knob}
          options={['0', '1', '2', '3', '4', '5', '6']}
          selected={(value as number[]).map(String)}
          onChange={(v) => onChange(v.map(Number))}
          label={(o) => weekdayName(Number(o)).slice(0, 3)}
        />
      )
    case 'dates':
      return (
        <Field label={label} hint={<>{hint} One date per line.</>} error={error}>
          {(p) => (
            <textarea
              {...p}
              rows={2}
              value={(value as string[]).join('\n')}
              onChange={(e) =>
                onChange(
                  e.target.value
                    .split('\n')
                    .map((s) => s.trim())
                    .filter(Boolean),
                )
              }
            />
          )}
        </Field>
      )
    case 'funding':
    case 'flags': {
      const record = value as Record<string, string | boolean>
      return (
        <fieldset className="check-group">
          <legend>{label}</legend>
          <div className="check-list">
            {Object.entries(record).map(([k, v]) =>
              knob.kind === 'flags' ? (
                <label key={k} className="check">
                  <input
                    type="checkbox"
                    checked={v === true}
                    onChange={(e) => onChange({ ...record, [k]: e.target.checked })}
                  />
                  {humanize(k.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())}
                </label>
              ) : (
                <label key={k} className="check">
                  {humanize(k)} fault →
                  <select
                    value={String(v)}
                    aria-label={`Who funds a refund when the fault is ${k.replaceAll('_', ' ')}`}
                    onChange={(e) => onChange({ ...record, [k]: e.target.value })}
                  >
                    {knob.choices.map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                  </select>
                </label>
              ),
            )}
          </div>
          <p className="field-hint">
            <Help knob={knob} />
          </p>
        </fieldset>
      )
    }
    case 'listing_requirements':
      return (
        <div className="field">
          <p className="field-label">{label}</p>
          <p className="field-hint">
            <Help knob={knob} /> {formatKnob(knob, value)}; edit them through{' '}
            <code>PUT /v1/policy</code>.
          </p>
        </div>
      )
  }
}
