import { useState, type FormEvent } from 'react'
import { asApiError } from '../../api/client.ts'
import { useListingReview } from '../../api/insights.ts'
import type { ListingDraft, ListingReview } from '../../api/types.ts'
import { Badge } from '../../components/badge.tsx'
import { Button } from '../../components/button.tsx'
import { Field } from '../../components/field.tsx'
import { ProblemNotice } from '../../components/notice.tsx'
import { Card, PageHeader, useDocumentTitle } from '../../components/page.tsx'
import { conditionLabel } from '../../lib/labels.ts'
import '../../styles-parties.css'

const CONDITIONS: readonly ListingDraft['condition'][] = [
  'new',
  'new_with_tags',
  'like_new',
  'good',
  'fair',
  'used',
]

const CATEGORY = /^[a-z0-9_-]+(\/[a-z0-9_-]+)*$/

const percent = (rate: number | null): string =>
  rate === null ? '—' : `${(rate * 100).toFixed(1)} %`

/** "chest: 54 cm" lines into the API's measurement record; blank lines ignored. */
const readMeasurements = (text: string): Record<string, string> | 'bad' => {
  const out: Record<string, string> = {}
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    const at = line.indexOf(':')
    if (at <= 0 || !line.slice(at + 1).trim()) return 'bad'
    out[line.slice(0, at).trim()] = line.slice(at + 1).trim()
  }
  return out
}

const scoreTone = (score: number) => (score >= 80 ? 'success' : score >= 50 ? 'warning' : 'danger')

const Result = ({ review }: { review: ListingReview }) => (
  <div className="listing-result" aria-live="polite">
    <Card title="Result" id="result">
      <div className="score-line">
        <span className={`score score-${scoreTone(review.score)}`} data-score={review.score}>
          {review.score}
          <span className="score-of">/100</span>
        </span>
        <p>{review.summary}</p>
      </div>
      <ul className="check-list" aria-label="Checks">
        {review.checks.map((c) => (
          <li key={c.item} className={c.ok ? 'check-ok' : 'check-missing'}>
            <span aria-hidden="true">{c.ok ? '✓' : '✗'}</span>
            <span className="visually-hidden">{c.ok ? 'Present: ' : 'Missing: '}</span>
            {c.text}
            {c.required && !c.ok ? <Badge tone="danger">Required</Badge> : null}
          </li>
        ))}
      </ul>
    </Card>
    {review.missing.length > 0 ? (
      <Card title="What the missing items did to past orders" id="effects">
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">
              “Not as described” case rates of past orders in this category, with and without each
              item
            </caption>
            <thead>
              <tr>
                <th scope="col">Missing</th>
                <th scope="col" className="num">
                  Without it
                </th>
                <th scope="col" className="num">
                  With it
                </th>
                <th scope="col" className="num">
                  Times as likely
                </th>
              </tr>
            </thead>
            <tbody>
              {review.missing.map((m) => (
                <tr key={m.item}>
                  <th scope="row">
                    {m.text}
                    {m.effect ? <span className="facts-sub">{m.effect.text}</span> : null}
                  </th>
                  <td className="num">
                    {m.effect ? (
                      <>
                        {percent(m.effect.without.rate)}
                        <span className="facts-sub">
                          {m.effect.without.notAsDescribed} of {m.effect.without.orders}
                        </span>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="num">
                    {m.effect ? (
                      <>
                        {percent(m.effect.with.rate)}
                        <span className="facts-sub">
                          {m.effect.with.notAsDescribed} of {m.effect.with.orders}
                        </span>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="num">
                    {m.effect?.ratio != null ? `${m.effect.ratio.toFixed(1)}×` : '—'}
                    {m.effect ? (
                      <span className="facts-sub">
                        {!m.effect.enoughData
                          ? 'too few orders yet'
                          : m.effect.significant
                            ? 'beyond chance'
                            : 'could be chance'}
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="small muted">
          Category <span className="mono">{review.categoryRate.prefix}</span>:{' '}
          {review.categoryRate.notAsDescribed} “not as described” cases in{' '}
          {review.categoryRate.orders} orders ({percent(review.categoryRate.rate)})
          {review.relativeRisk !== null
            ? `; this draft is predicted at ${review.relativeRisk.toFixed(1)}× that rate`
            : ''}
          .
        </p>
      </Card>
    ) : null}
  </div>
)

/** A seller checks a listing draft before publishing: score, what is missing, and its effect in numbers. */
export const ListingCheckPage = () => {
  useDocumentTitle('Listing check')
  const review = useListingReview()
  const [title, setTitle] = useState('')
  const [category, setCategory] = useState('')
  const [condition, setCondition] = useState<ListingDraft['condition']>('good')
  const [description, setDescription] = useState('')
  const [photos, setPhotos] = useState('')
  const [brand, setBrand] = useState('')
  const [size, setSize] = useState('')
  const [measurements, setMeasurements] = useState('')
  const [material, setMaterial] = useState('')
  const [flaws, setFlaws] = useState('')
  const [touched, setTouched] = useState(false)
  const measured = readMeasurements(measurements)
  const errors = {
    title: title.trim() ? null : 'Give the listing a title.',
    category: CATEGORY.test(category.trim())
      ? null
      : 'Lower-case words separated by “/”, e.g. apparel/jackets.',
    measurements: measured === 'bad' ? 'One per line, as “name: value”.' : null,
  }
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    setTouched(true)
    if (Object.values(errors).some(Boolean) || measured === 'bad') return
    const list = photos
      .split('\n')
      .map((p) => p.trim())
      .filter(Boolean)
    review.mutate({
      title: title.trim(),
      description,
      photos: list,
      category: category.trim(),
      condition,
      ...(brand.trim() ? { brand: brand.trim() } : {}),
      ...(size.trim() ? { size: size.trim() } : {}),
      ...(Object.keys(measured).length > 0 ? { measurements: measured } : {}),
      ...(material.trim() ? { material: material.trim() } : {}),
      ...(flaws.trim() ? { flaws: flaws.trim() } : {}),
    })
  }
  return (
    <div className="page">
      <PageHeader
        title="Listing check"
        subtitle="Check a draft before you publish it: what buyers in this category need to see, and what leaving it out did to past orders."
      />
      <div className="listing-layout">
        <Card title="Draft" id="draft">
          <form onSubmit={submit} noValidate>
            <Field label="Title" error={touched ? errors.title : null}>
              {(p) => (
                <input
                  {...p}
                  value={title}
                  maxLength={200}
                  onChange={(e) => setTitle(e.target.value)}
                />
              )}
            </Field>
            <div className="form-row">
              <Field
                label="Category"
                hint="e.g. apparel/jackets"
                error={touched ? errors.category : null}
              >
                {(p) => (
                  <input
                    {...p}
                    value={category}
                    maxLength={120}
                    className="mono"
                    onChange={(e) => setCategory(e.target.value)}
                  />
                )}
              </Field>
              <Field label="Condition">
                {(p) => (
                  <select
                    {...p}
                    value={condition}
                    onChange={(e) => setCondition(e.target.value as ListingDraft['condition'])}
                  >
                    {CONDITIONS.map((c) => (
                      <option key={c} value={c}>
                        {conditionLabel(c)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            <Field label="Description">
              {(p) => (
                <textarea
                  {...p}
                  rows={4}
                  maxLength={5000}
                  value={description}
                  onChange={(e) => setDescription(e.target.value)}
                />
              )}
            </Field>
            <Field label="Photos" optional hint="One photo address per line.">
              {(p) => (
                <textarea
                  {...p}
                  rows={3}
                  value={photos}
                  onChange={(e) => setPhotos(e.target.value)}
                />
              )}
            </Field>
            <div className="form-row">
              <Field label="Brand" optional>
                {(p) => (
                  <input
                    {...p}
                    value={brand}
                    maxLength={120}
                    onChange={(e) => setBrand(e.target.value)}
                  />
                )}
              </Field>
              <Field label="Size" optional>
                {(p) => (
                  <input
                    {...p}
                    value={size}
                    maxLength={60}
                    onChange={(e) => setSize(e.target.value)}
                  />
                )}
              </Field>
            </div>
            <Field
              label="Measurements"
              optional
              hint="One per line, e.g. “chest: 54 cm”."
              error={touched ? errors.measurements : null}
            >
              {(p) => (
                <textarea
                  {...p}
                  rows={3}
                  value={measurements}
                  onChange={(e) => setMeasurements(e.target.value)}
                />
              )}
            </Field>
            <Field label="Material" optional>
              {(p) => (
                <input
                  {...p}
                  value={material}
                  maxLength={120}
                  onChange={(e) => setMaterial(e.target.value)}
                />
              )}
            </Field>
            <Field label="Flaws" optional hint="Wear, marks, anything a buyer should know.">
              {(p) => (
                <textarea
                  {...p}
                  rows={2}
                  maxLength={2000}
                  value={flaws}
                  onChange={(e) => setFlaws(e.target.value)}
                />
              )}
            </Field>
            {review.error ? <ProblemNotice error={asApiError(review.error)} /> : null}
            <Button type="submit" variant="primary" busy={review.isPending}>
              Check the listing
            </Button>
          </form>
        </Card>
        <div>
          {review.data ? (
            <Result review={review.data} />
          ) : (
            <Card className="card-quiet">
              <p className="muted">
                The result shows here: a score out of 100, each required item, and how often orders
                without it ended in a “not as described” case.
              </p>
            </Card>
          )}
        </div>
      </div>
    </div>
  )
}
