import { useEffect, useMemo, useState } from 'react'
import { useNavigate } from 'react-router'
import {
  useKnobs,
  usePolicy,
  usePolicyVersions,
  usePresets,
  usePublishPolicy,
  type PolicyDocument,
} from '../../api/admin.ts'
import { asApiError } from '../../api/client.ts'
import { Badge } from '../../components/badge.tsx'
import { TableScroll } from '../../components/charts.tsx'
import { Button } from '../../components/button.tsx'
import { Field } from '../../components/field.tsx'
import { Notice, ProblemNotice } from '../../components/notice.tsx'
import { Card, PageHeader, useDocumentTitle } from '../../components/page.tsx'
import { DateTime } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import { humanize } from '../../lib/labels.ts'
import { KnobField } from './knob-field.tsx'
import {
  diffPolicies,
  formatKnob,
  getAt,
  knobLabel,
  saveDraft,
  sectionLabel,
  setAt,
  type KnobChange,
} from './policy-draft.ts'
import './admin.css'

const ChangeList = ({ changes, empty }: { changes: readonly KnobChange[]; empty: string }) =>
  changes.length === 0 ? (
    <p className="muted">{empty}</p>
  ) : (
    <ul className="diff-list">
      {changes.map((c) => (
        <li key={c.knob.path}>
          <div className="diff-path">{c.knob.path}</div>
          <span className="diff-from">{formatKnob(c.knob, c.from)}</span>{' '}
          <span aria-hidden="true">→</span>
          <span className="visually-hidden"> becomes </span>{' '}
          <span className="diff-to">{formatKnob(c.knob, c.to)}</span>
        </li>
      ))}
    </ul>
  )

/**
 * The policy editor: start from the version in force or a preset, change
 * knobs (each with its JSDoc as help), read the difference from the preset
 * and from the version in force, simulate, publish over the version read.
 */
export const PolicyPage = () => {
  useDocumentTitle('Policy')
  const navigate = useNavigate()
  const current = usePolicy()
  const presets = usePresets()
  const catalog = useKnobs()
  const versions = usePolicyVersions()
  const publish = usePublishPolicy()
  const [base, setBase] = useState<string | null>(null)
  const [draft, setDraft] = useState<PolicyDocument | null>(null)
  const [note, setNote] = useState('')
  const [published, setPublished] = useState<string | null>(null)

  useEffect(() => {
    if (current.data && presets.data && draft === null) {
      setDraft(current.data.policy)
      const named = current.data.policy.preset
      setBase(presets.data.some((p) => p.name === named) ? named : 'current')
    }
  }, [current.data, presets.data, draft])

  const basePolicy =
    base === 'current' || base === null
      ? current.data?.policy
      : presets.data?.find((p) => p.name === base)?.policy
  const knobs = catalog.data?.knobs ?? []
  const fromBase = useMemo(
    () => (basePolicy && draft ? diffPolicies(knobs, basePolicy, draft) : []),
    [knobs, basePolicy, draft],
  )
  const fromCurrent = useMemo(
    () => (current.data && draft ? diffPolicies(knobs, current.data.policy, draft) : []),
    [knobs, current.data, draft],
  )

  const ready =
    current.data && presets.data && catalog.data && draft && basePolicy
      ? { inForce: current.data, presetList: presets.data, sections: catalog.data.sections, draft }
      : undefined
  return (
    <WhenLoaded
      query={{
        data: ready,
        error: current.error ?? presets.error ?? catalog.error,
        isPending: ready === undefined,
      }}
      label="Loading the policy…"
      frame={(content) => (
        <div className="page">
          <PageHeader title="Policy" />
          {content}
        </div>
      )}
    >
      {({ inForce, presetList, sections, draft }) => {
        const baseLabel =
          base === 'current' ? 'the version in force' : `the ${humanize(base ?? '')} preset`
        const error = publish.error ? asApiError(publish.error) : null
        const badKnob =
          error?.code === 'INVALID_POLICY'
            ? typeof error.data.knob === 'string'
              ? error.data.knob
              : ''
            : ''
        const withPreset = (p: PolicyDocument): PolicyDocument =>
          ({
            ...p,
            preset: base === 'current' || base === null ? inForce.policy.preset : base,
          }) as PolicyDocument

        const startFrom = (name: string) => {
          setBase(name)
          const policy =
            name === 'current' ? inForce.policy : presetList.find((p) => p.name === name)?.policy
          if (policy) setDraft(policy)
          setPublished(null)
          publish.reset()
        }

        const onPublish = () => {
          setPublished(null)
          publish.mutate(
            { basedOn: inForce.id, policy: withPreset(draft), note: note.trim() },
            {
              onSuccess: (v) => {
                setPublished(v.id)
                setDraft(v.policy)
                setNote('')
                saveDraft(null)
              },
            },
          )
        }

        const onSimulate = () => {
          saveDraft({
            basedOn: inForce.id,
            policy: withPreset(draft),
            label: fromCurrent.map((c) => `${c.knob.path}=${formatKnob(c.knob, c.to)}`).join(', '),
          })
          void navigate('/admin/simulate')
        }

        return (
          <div className="page">
            <PageHeader
              title="Policy"
              badge={<Badge tone="info">{humanize(inForce.policy.preset)}</Badge>}
              subtitle={
                <>
                  In force since <DateTime iso={inForce.createdAt} />, published by{' '}
                  {inForce.createdBy}. Open orders, cancellations and cases keep the version they
                  started under.
                </>
              }
            />
            <div className="admin-grid">
              <div>
                <Card>
                  <div className="toolbar">
                    <Field label="Start from" hint="The values your edits are compared with.">
                      {(p) => (
                        <select
                          {...p}
                          value={base ?? 'current'}
                          onChange={(e) => startFrom(e.target.value)}
                        >
                          <option value="current">The version in force</option>
                          {presetList.map((p) => (
                            <option key={p.name} value={p.name}>
                              {humanize(p.name)} preset
                            </option>
                          ))}
                        </select>
                      )}
                    </Field>
                  </div>
                  <nav className="section-nav" aria-label="Policy sections">
                    {sections.map((s) => (
                      <a key={s.name} className="chip" href={`#knobs-${s.name}`}>
                        {sectionLabel(s.name)}
                      </a>
                    ))}
                  </nav>
                </Card>
                {sections.map((s) => (
                  <Card key={s.name} title={sectionLabel(s.name)} id={`knobs-${s.name}`}>
                    {s.help ? <p className="muted small">{s.help}</p> : null}
                    <div className="knob-grid">
                      {knobs
                        .filter((k) => k.section === s.name)
                        .map((k) => {
                          const changed = fromBase.find((c) => c.knob.path === k.path)
                          return (
                            <div
                              key={k.path}
                              className={`knob${changed ? ' knob-changed' : ''}`}
                              data-knob={k.path}
                            >
                              <KnobField
                                knob={k}
                                value={getAt(draft, k.path)}
                                onChange={(v) => setDraft(setAt(draft, k.path, v))}
                                error={badKnob === k.path ? error?.detail : undefined}
                              />
                              {changed ? (
                                <p className="knob-was">
                                  {knobLabel(k.path)}: {formatKnob(k, changed.from)} in {baseLabel}
                                </p>
                              ) : null}
                            </div>
                          )
                        })}
                    </div>
                  </Card>
                ))}
              </div>
              <aside className="admin-side" aria-label="Changes and publishing">
                <Card title={`Difference from ${baseLabel}`} id="diff-base">
                  <ChangeList changes={fromBase} empty={`Same values as ${baseLabel}.`} />
                </Card>
                <Card title="Publish" id="publish">
                  <p className="small">
                    {fromCurrent.length === 0
                      ? 'Nothing to publish: the draft equals the version in force.'
                      : `Publishing changes ${fromCurrent.length} ${fromCurrent.length === 1 ? 'knob' : 'knobs'} of the version in force:`}
                  </p>
                  {fromCurrent.length > 0 && base !== 'current' ? (
                    <ChangeList changes={fromCurrent} empty="" />
                  ) : null}
                  <Field label="Why" optional hint="Kept in the version history.">
                    {(p) => (
                      <input
                        {...p}
                        value={note}
                        maxLength={500}
                        onChange={(e) => setNote(e.target.value)}
                      />
                    )}
                  </Field>
                  <div className="button-row">
                    <Button
                      variant="secondary"
                      onClick={onSimulate}
                      disabled={fromCurrent.length === 0}
                    >
                      Simulate this change
                    </Button>
                    <Button
                      variant="primary"
                      onClick={onPublish}
                      busy={publish.isPending}
                      disabled={fromCurrent.length === 0}
                    >
                      Publish version
                    </Button>
                  </div>
                  {error ? (
                    <div style={{ marginTop: 12 }}>
                      <ProblemNotice error={error} />
                    </div>
                  ) : null}
                  {published ? (
                    <div style={{ marginTop: 12 }}>
                      <Notice tone="success" title="Published">
                        New cases and cancellations follow it from now on.
                      </Notice>
                    </div>
                  ) : null}
                </Card>
                <Card title="Versions" id="versions">
                  <WhenLoaded query={versions} label="Loading versions…">
                    {({ items }) => (
                      <TableScroll label="Published policy versions, newest first">
                        <table className="data-table">
                          <caption className="visually-hidden">
                            Published policy versions, newest first
                          </caption>
                          <thead>
                            <tr>
                              <th scope="col">Published</th>
                              <th scope="col">By</th>
                              <th scope="col">Note</th>
                            </tr>
                          </thead>
                          <tbody>
                            {items.map((v) => (
                              <tr key={v.id} className={v.current ? 'row-selected' : undefined}>
                                <td>
                                  <DateTime iso={v.createdAt} />
                                  {v.current ? (
                                    <>
                                      {' '}
                                      <Badge tone="success">in force</Badge>
                                    </>
                                  ) : null}
                                </td>
                                <td>{v.createdBy}</td>
                                <td>
                                  {v.note ?? <span className="muted">{humanize(v.preset)}</span>}
                                </td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </TableScroll>
                    )}
                  </WhenLoaded>
                </Card>
              </aside>
            </div>
          </div>
        )
      }}
    </WhenLoaded>
  )
}
