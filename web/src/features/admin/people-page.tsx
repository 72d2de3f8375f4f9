import { useState } from 'react'
import { usePeopleDirectory } from '../../api/admin.ts'
import { TableScroll } from '../../components/charts.tsx'
import { Badge } from '../../components/badge.tsx'
import { Field } from '../../components/field.tsx'
import { Card, EmptyState, PageHeader, useDocumentTitle } from '../../components/page.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import { humanize } from '../../lib/labels.ts'
import './admin.css'

/** Who Recourse knows: mirrored buyers and sellers, agents and admins. */
export const PeoplePage = () => {
  useDocumentTitle('People')
  const [role, setRole] = useState('')
  const [q, setQ] = useState('')
  const people = usePeopleDirectory({ role, q: q.trim() })
  const items = people.data?.items ?? []
  return (
    <div className="page">
      <PageHeader
        title="People"
        subtitle="Buyers and sellers mirrored from the marketplace, and console accounts."
      />
      <Card>
        <div className="toolbar">
          <Field label="Role">
            {(p) => (
              <select {...p} value={role} onChange={(e) => setRole(e.target.value)}>
                <option value="">Everyone</option>
                <option value="buyer">Buyers</option>
                <option value="seller">Sellers</option>
                <option value="agent">Agents</option>
                <option value="admin">Admins</option>
              </select>
            )}
          </Field>
          <Field label="Search" hint="Part of a name, id or email.">
            {(p) => <input {...p} type="search" value={q} onChange={(e) => setQ(e.target.value)} />}
          </Field>
        </div>
        <WhenLoaded query={people}>
          {() =>
            items.length === 0 ? (
              <EmptyState title="Nobody matches" />
            ) : (
              <TableScroll label="People">
                <table className="data-table">
                  <caption className="visually-hidden">People</caption>
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Id</th>
                      <th scope="col">Role</th>
                      <th scope="col">Email</th>
                      <th scope="col">Language, time zone</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((u) => (
                      <tr key={u.id}>
                        <th scope="row">{u.name}</th>
                        <td className="mono small">{u.id}</td>
                        <td>
                          <Badge
                            tone={u.role === 'admin' || u.role === 'agent' ? 'info' : 'neutral'}
                          >
                            {humanize(u.role)}
                          </Badge>
                        </td>
                        <td>{u.email ?? '—'}</td>
                        <td>
                          {u.locale}, {u.timeZone}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )
          }
        </WhenLoaded>
        {people.data?.nextCursor ? (
          <p className="small muted">Showing the first 100; narrow the search.</p>
        ) : null}
      </Card>
    </div>
  )
}
