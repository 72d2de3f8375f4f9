import { useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import {
  useCreateEndpoint,
  useDeleteEndpoint,
  useDeliveries,
  useDelivery,
  useEndpoints,
  useEndpointSecrets,
  useEventTypes,
  useRedeliver,
  useRotateSecret,
  useUpdateEndpoint,
  type Delivery,
  type Endpoint,
} from '../../api/admin.ts'
import { asApiError } from '../../api/client.ts'
import { Badge } from '../../components/badge.tsx'
import { TableScroll } from '../../components/charts.tsx'
import { Button } from '../../components/button.tsx'
import { Field } from '../../components/field.tsx'
import { Notice, ProblemNotice } from '../../components/notice.tsx'
import { Card, EmptyState, PageHeader, useDocumentTitle } from '../../components/page.tsx'
import { DateTime } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import type { Tone } from '../../lib/labels.ts'
import './admin.css'

const deliveryTone: Record<string, Tone> = {
  delivered: 'success',
  pending: 'warning',
  dead: 'danger',
  cancelled: 'muted',
}

const CreateEndpoint = ({ onCreated }: { onCreated: (e: Endpoint, secret: string) => void }) => {
  const types = useEventTypes()
  const create = useCreateEndpoint()
  const [url, setUrl] = useState('')
  const [description, setDescription] = useState('')
  const [selected, setSelected] = useState<string[]>([])
  const submit = (e: FormEvent) => {
    e.preventDefault()
    create.mutate(
      {
        url: url.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        eventTypes: selected,
      },
      {
        onSuccess: (created) => {
          const { secret, ...endpoint } = created
          onCreated(endpoint, secret)
          setUrl('')
          setDescription('')
          setSelected([])
        },
      },
    )
  }
  return (
    <Card title="Add an endpoint" id="add-endpoint">
      <form onSubmit={submit}>
        <Field label="URL" hint="Recourse POSTs signed events here (Standard Webhooks).">
          {(p) => (
            <input
              {...p}
              type="url"
              required
              placeholder="https://marketplace.example/hooks/recourse"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
            />
          )}
        </Field>
        <Field label="Description" optional>
          {(p) => (
            <input
              {...p}
              value={description}
              maxLength={500}
              onChange={(e) => setDescription(e.target.value)}
            />
          )}
        </Field>
        <fieldset className="check-group">
          <legend>Events</legend>
          <p className="field-hint">None ticked: every event, including types added later.</p>
          <div className="check-list">
            {(types.data ?? []).map((t) => (
              <label key={t.type} className="check" title={t.description}>
                <input
                  type="checkbox"
                  checked={selected.includes(t.type)}
                  onChange={(e) =>
                    setSelected(
                      e.target.checked
                        ? [...selected, t.type]
                        : selected.filter((x) => x !== t.type),
                    )
                  }
                />
                <span className="mono small">{t.type}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="button-row" style={{ marginTop: 12 }}>
          <Button type="submit" variant="primary" busy={create.isPending}>
            Add endpoint
          </Button>
        </div>
        {create.error ? <ProblemNotice error={asApiError(create.error)} /> : null}
      </form>
    </Card>
  )
}

const DeliveryLog = ({ endpointId }: { endpointId: string }) => {
  const [status, setStatus] = useState('')
  const deliveries = useDeliveries(endpointId, status || undefined)
  const [open, setOpen] = useState<string | null>(null)
  const detail = useDelivery(endpointId, open)
  const redeliver = useRedeliver(endpointId)
  const items: Delivery[] = deliveries.data?.items ?? []
  return (
    <Card
      title="Delivery log"
      id="deliveries"
      actions={
        <select
          aria-label="Show deliveries"
          value={status}
          onChange={(e) => setStatus(e.target.value)}
          style={{ width: 'auto' }}
        >
          <option value="">All</option>
          <option value="pending">Pending</option>
          <option value="delivered">Delivered</option>
          <option value="dead">Dead letters</option>
          <option value="cancelled">Cancelled</option>
        </select>
      }
    >
      <WhenLoaded query={deliveries} label="Loading deliveries…">
        {() =>
          items.length === 0 ? (
            <EmptyState title="No deliveries yet">
              Events are queued here as they happen; each is retried with backoff until it lands.
            </EmptyState>
          ) : (
            <TableScroll label="Deliveries to this endpoint, newest first">
              <table className="data-table">
                <caption className="visually-hidden">
                  Deliveries to this endpoint, newest first
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Event</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="num">
                      Attempts
                    </th>
                    <th scope="col">Next attempt</th>
                    <th scope="col">Last answer</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((d) => (
                    <tr key={d.id} className={open === d.id ? 'row-selected' : undefined}>
                      <th scope="row">
                        <span className="mono small">{d.eventType}</span>
                        <div className="small muted">
                          <DateTime iso={d.createdAt} />
                        </div>
                      </th>
                      <td>
                        <Badge tone={deliveryTone[d.status] ?? 'neutral'}>{d.status}</Badge>
                      </td>
                      <td className="num">{d.attempts}</td>
                      <td>{d.nextAttemptAt ? <DateTime iso={d.nextAttemptAt} /> : '—'}</td>
                      <td>{d.lastStatusCode ?? '—'}</td>
                      <td>
                        <div className="button-row">
                          <Button
                            size="sm"
                            variant="ghost"
                            onClick={() => setOpen(open === d.id ? null : d.id)}
                          >
                            {open === d.id ? 'Hide' : 'Attempts'}
                          </Button>
                          <Button
                            size="sm"
                            onClick={() => redeliver.mutate(d.id)}
                            busy={redeliver.isPending && redeliver.variables === d.id}
                            aria-label={`Redeliver ${d.eventType}`}
                          >
                            Redeliver
                          </Button>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )
        }
      </WhenLoaded>
      {redeliver.error ? <ProblemNotice error={asApiError(redeliver.error)} /> : null}
      {redeliver.isSuccess ? (
        <Notice tone="success" title="Queued again">
          The delivery goes out on the next outbox sweep.
        </Notice>
      ) : null}
      {open && detail.data ? (
        <div style={{ marginTop: 12 }}>
          <h3 className="card-title">Attempts</h3>
          {detail.data.log.length === 0 ? (
            <p className="muted">Not attempted yet.</p>
          ) : (
            <table className="data-table">
              <caption className="visually-hidden">Every attempt of this delivery</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">When</th>
                  <th scope="col">Answer</th>
                  <th scope="col" className="num">
                    Latency
                  </th>
                </tr>
              </thead>
              <tbody>
                {detail.data.log.map((a) => (
                  <tr key={a.attempt}>
                    <th scope="row">{a.attempt}</th>
                    <td>
                      <DateTime iso={a.at} />
                    </td>
                    <td>{a.statusCode ?? a.error ?? '—'}</td>
                    <td className="num">{a.latencyMs} ms</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ) : null}
    </Card>
  )
}

const EndpointDetail = ({
  endpoint,
  freshSecret,
}: {
  endpoint: Endpoint
  freshSecret: string | null
}) => {
  const [reveal, setReveal] = useState(false)
  const secrets = useEndpointSecrets(endpoint.id, reveal)
  const rotate = useRotateSecret(endpoint.id)
  const update = useUpdateEndpoint(endpoint.id)
  const remove = useDeleteEndpoint()
  return (
    <>
      <Card
        title={endpoint.url}
        id="endpoint"
        actions={
          <Badge tone={endpoint.enabled ? 'success' : 'muted'}>
            {endpoint.enabled ? 'Enabled' : 'Off'}
          </Badge>
        }
      >
        {endpoint.description ? <p>{endpoint.description}</p> : null}
        <p className="small">
          Events:{' '}
          {endpoint.eventTypes.length ? (
            <span className="mono">{endpoint.eventTypes.join(', ')}</span>
          ) : (
            'all'
          )}
        </p>
        {freshSecret ? (
          <Notice tone="success" title="Endpoint added. Its signing secret:">
            <p className="secret-box">{freshSecret}</p>
          </Notice>
        ) : null}
        <p className="small muted">
          Signing secrets: {endpoint.secrets.map((s) => s.hint).join(', ')}
        </p>
        {reveal && secrets.data ? (
          <div>
            {secrets.data.secrets.map((s) => (
              <p key={s.secret} className="secret-box">
                {s.secret}
                {s.expiresAt ? (
                  <span className="small muted">
                    {' '}
                    (stops signing <DateTime iso={s.expiresAt} />)
                  </span>
                ) : null}
              </p>
            ))}
          </div>
        ) : null}
        <div className="button-row" style={{ marginTop: 10 }}>
          <Button size="sm" onClick={() => setReveal(!reveal)}>
            {reveal ? 'Hide secret' : 'Reveal secret'}
          </Button>
          <Button size="sm" onClick={() => rotate.mutate()} busy={rotate.isPending}>
            Rotate secret
          </Button>
          <Button
            size="sm"
            onClick={() => update.mutate({ enabled: !endpoint.enabled })}
            busy={update.isPending}
          >
            {endpoint.enabled ? 'Switch off' : 'Switch on'}
          </Button>
          <Button
            size="sm"
            variant="danger"
            onClick={() => remove.mutate(endpoint.id)}
            busy={remove.isPending}
          >
            Remove
          </Button>
        </div>
        {rotate.isSuccess ? (
          <Notice tone="success" title="Rotated">
            The previous secret keeps signing beside the new one for 24 hours.
          </Notice>
        ) : null}
        {[rotate.error, update.error, remove.error].map((e, i) =>
          e ? <ProblemNotice key={i} error={asApiError(e)} /> : null,
        )}
      </Card>
      <DeliveryLog endpointId={endpoint.id} />
    </>
  )
}

/** Webhook endpoints: where events go, their secrets, and every delivery with its attempts. */
export const WebhooksPage = () => {
  useDocumentTitle('Webhooks')
  const endpoints = useEndpoints()
  const [selected, setSelected] = useState<string | null>(null)
  const [fresh, setFresh] = useState<{ id: string; secret: string } | null>(null)
  const items = endpoints.data ?? []
  const current = items.find((e) => e.id === selected) ?? items[0] ?? null
  return (
    <div className="page">
      <PageHeader
        title="Webhooks"
        subtitle={
          <>
            Recourse pushes every public event to these endpoints, signed, retried, logged. Calls
            the other way use <Link to="/admin/api-keys">API keys</Link>.
          </>
        }
      />
      <div className="admin-grid">
        <div>
          <WhenLoaded query={endpoints}>
            {() =>
              current ? (
                <EndpointDetail
                  key={current.id}
                  endpoint={current}
                  freshSecret={fresh?.id === current.id ? fresh.secret : null}
                />
              ) : (
                <Card>
                  <EmptyState title="No endpoints yet">
                    Add one to receive cases, refunds and returns as they happen.
                  </EmptyState>
                </Card>
              )
            }
          </WhenLoaded>
        </div>
        <aside className="admin-side" aria-label="Endpoints">
          {items.length > 0 ? (
            <Card title="Endpoints" id="endpoints">
              <ul className="diff-list">
                {items.map((e) => (
                  <li key={e.id}>
                    <button
                      type="button"
                      className="btn btn-ghost btn-sm"
                      aria-current={current?.id === e.id ? 'true' : undefined}
                      onClick={() => setSelected(e.id)}
                      style={{ textAlign: 'left', wordBreak: 'break-all' }}
                    >
                      {e.url}
                    </button>
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
          <CreateEndpoint
            onCreated={(e, secret) => {
              setFresh({ id: e.id, secret })
              setSelected(e.id)
            }}
          />
        </aside>
      </div>
    </div>
  )
}
