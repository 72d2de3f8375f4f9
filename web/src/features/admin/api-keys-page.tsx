import { useState, type FormEvent } from 'react'
import { useApiKeys, useCreateApiKey, useRevokeApiKey, type NewApiKey } from '../../api/admin.ts'
import { asApiError } from '../../api/client.ts'
import { Badge } from '../../components/badge.tsx'
import { TableScroll } from '../../components/charts.tsx'
import { Button } from '../../components/button.tsx'
import { Field } from '../../components/field.tsx'
import { Notice, ProblemNotice } from '../../components/notice.tsx'
import { Card, EmptyState, PageHeader, useDocumentTitle } from '../../components/page.tsx'
import { DateTime } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import './admin.css'

/** Integration API keys: create (the secret is shown once), list, revoke. */
export const ApiKeysPage = () => {
  useDocumentTitle('API keys')
  const keys = useApiKeys()
  const create = useCreateApiKey()
  const revoke = useRevokeApiKey()
  const [name, setName] = useState('')
  const [created, setCreated] = useState<NewApiKey | null>(null)

  const submit = (e: FormEvent) => {
    e.preventDefault()
    create.mutate(name.trim(), {
      onSuccess: (key) => {
        setCreated(key)
        setName('')
      },
    })
  }

  return (
    <div className="page">
      <PageHeader
        title="API keys"
        subtitle="The marketplace's backend pushes orders, shipments and deliveries with these keys."
      />
      <div className="admin-grid">
        <Card title="Keys" id="keys">
          <WhenLoaded query={keys}>
            {() =>
              (keys.data ?? []).length === 0 ? (
                <EmptyState title="No keys yet">
                  Create one for each system that calls Recourse.
                </EmptyState>
              ) : (
                <TableScroll label="Integration API keys, newest first">
                  <table className="data-table">
                    <caption className="visually-hidden">
                      Integration API keys, newest first
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Name</th>
                        <th scope="col">Key</th>
                        <th scope="col">Created</th>
                        <th scope="col">Status</th>
                        <th scope="col">
                          <span className="visually-hidden">Actions</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {(keys.data ?? []).map((k) => (
                        <tr key={k.id} data-key={k.id}>
                          <th scope="row">{k.name}</th>
                          <td className="mono small">{k.prefix}…</td>
                          <td>
                            <DateTime iso={k.createdAt} />
                          </td>
                          <td>
                            {k.revokedAt ? (
                              <Badge tone="muted">
                                Revoked <DateTime iso={k.revokedAt} />
                              </Badge>
                            ) : (
                              <Badge tone="success">Active</Badge>
                            )}
                          </td>
                          <td>
                            {k.revokedAt ? null : (
                              <Button
                                size="sm"
                                variant="danger"
                                onClick={() => revoke.mutate(k.id)}
                                busy={revoke.isPending && revoke.variables === k.id}
                                aria-label={`Revoke ${k.name}`}
                              >
                                Revoke
                              </Button>
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
              )
            }
          </WhenLoaded>
          {revoke.error ? <ProblemNotice error={asApiError(revoke.error)} /> : null}
        </Card>
        <aside className="admin-side" aria-label="New key">
          <Card title="Create a key" id="create-key">
            <form onSubmit={submit}>
              <Field label="Name" hint="What uses it, e.g. “checkout backend”.">
                {(p) => (
                  <input
                    {...p}
                    required
                    maxLength={100}
                    value={name}
                    onChange={(e) => setName(e.target.value)}
                  />
                )}
              </Field>
              <Button type="submit" variant="primary" busy={create.isPending}>
                Create key
              </Button>
            </form>
            {create.error ? <ProblemNotice error={asApiError(create.error)} /> : null}
            {created ? (
              <div style={{ marginTop: 12 }}>
                <Notice tone="warning" title={`Copy the key for “${created.name}” now`}>
                  <p className="secret-box" data-testid="new-api-key">
                    {created.secret}
                  </p>
                  <p className="small">
                    It is shown only once: Recourse keeps only its hash. Send it as{' '}
                    <code>Authorization: Bearer …</code>.
                  </p>
                </Notice>
              </div>
            ) : null}
          </Card>
        </aside>
      </div>
    </div>
  )
}
