import { useState, type FormEvent } from 'react'
import { asApiError } from '../../api/client.ts'
import {
  useChangeStaffRole,
  useDeactivateStaff,
  useInviteStaff,
  useReinviteStaff,
  useRequireSecondFactorForAll,
  useResetSecondFactor,
  useStaff,
  type StaffMember,
} from '../../api/staff.ts'
import { useSession } from '../../auth/use-session.ts'
import { Badge } from '../../components/badge.tsx'
import { Button } from '../../components/button.tsx'
import { TableScroll } from '../../components/charts.tsx'
import { Field } from '../../components/field.tsx'
import { Notice, ProblemNotice } from '../../components/notice.tsx'
import { Card, PageHeader, useDocumentTitle } from '../../components/page.tsx'
import { DateTime } from '../../components/time.tsx'
import { WhenLoaded } from '../../components/when-loaded.tsx'
import { roleLabel } from '../../lib/labels.ts'
import './admin.css'

const statusBadge = (s: StaffMember) =>
  s.status === 'active' ? (
    <Badge tone="success">Active</Badge>
  ) : s.status === 'invited' ? (
    <Badge tone="warning">Invited</Badge>
  ) : (
    <Badge tone="muted">
      Deactivated {s.deactivatedAt ? <DateTime iso={s.deactivatedAt} /> : null}
    </Badge>
  )

/** Staff: invite agents and admins, change roles, deactivate, reset a lost second factor. */
export const StaffPage = () => {
  useDocumentTitle('Staff')
  const me = useSession()?.userId
  const staff = useStaff()
  const invite = useInviteStaff()
  const reinvite = useReinviteStaff()
  const changeRole = useChangeStaffRole()
  const deactivate = useDeactivateStaff()
  const reset = useResetSecondFactor()
  const requireAll = useRequireSecondFactorForAll()
  const [email, setEmail] = useState('')
  const [name, setName] = useState('')
  const [role, setRole] = useState<StaffMember['role']>('agent')
  const [link, setLink] = useState<{ email: string; link: string; expiresAt: string } | null>(null)

  const submit = (e: FormEvent) => {
    e.preventDefault()
    invite.mutate(
      { email: email.trim(), role, ...(name.trim() ? { name: name.trim() } : {}) },
      {
        onSuccess: (made) => {
          setLink({ email: made.staff.email, link: made.link, expiresAt: made.expiresAt })
          setEmail('')
          setName('')
        },
      },
    )
  }
  const failure = [changeRole, deactivate, reset, reinvite, requireAll].find((m) => m.error)?.error

  return (
    <div className="page">
      <PageHeader
        title="Staff"
        subtitle="Agents work escalated cases; admins also run the policy, integrations and staff."
      />
      <div className="admin-grid">
        <Card title="Accounts" id="staff">
          <WhenLoaded query={staff}>
            {({ items, requireSecondFactorForAll }) => (
              <>
                <label className="checkbox-row">
                  <input
                    type="checkbox"
                    checked={requireSecondFactorForAll}
                    disabled={requireAll.isPending}
                    onChange={(e) => requireAll.mutate(e.target.checked)}
                  />{' '}
                  Everyone needs an authenticator app (asked at their next sign-in)
                </label>
                <TableScroll label="Staff accounts">
                  <table className="data-table">
                    <caption className="visually-hidden">Staff accounts</caption>
                    <thead>
                      <tr>
                        <th scope="col">Person</th>
                        <th scope="col">Role</th>
                        <th scope="col">Status</th>
                        <th scope="col">Second factor</th>
                        <th scope="col">
                          <span className="visually-hidden">Actions</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {items.map((s) => (
                        <tr key={s.id} data-staff={s.email}>
                          <th scope="row">
                            {s.name}
                            <div className="small muted">{s.email}</div>
                          </th>
                          <td>{roleLabel(s.role)}</td>
                          <td>{statusBadge(s)}</td>
                          <td>
                            {s.totpEnrolled
                              ? `Authenticator · ${s.recoveryCodesLeft} recovery codes`
                              : s.requireSecondFactor
                                ? 'Required, not set up'
                                : 'None'}
                          </td>
                          <td className="row-actions">
                            {s.status === 'deactivated' || s.id === me ? null : (
                              <>
                                <Button
                                  size="sm"
                                  onClick={() =>
                                    changeRole.mutate({
                                      id: s.id,
                                      role: s.role === 'admin' ? 'agent' : 'admin',
                                    })
                                  }
                                  aria-label={`Make ${s.email} ${s.role === 'admin' ? 'an agent' : 'an admin'}`}
                                >
                                  {s.role === 'admin' ? 'Make agent' : 'Make admin'}
                                </Button>
                                {s.status === 'invited' ? (
                                  <Button
                                    size="sm"
                                    onClick={() =>
                                      reinvite.mutate(s.id, {
                                        onSuccess: (made) =>
                                          setLink({
                                            email: s.email,
                                            link: made.link,
                                            expiresAt: made.expiresAt,
                                          }),
                                      })
                                    }
                                  >
                                    New link
                                  </Button>
                                ) : null}
                                {s.totpEnrolled ? (
                                  <Button
                                    size="sm"
                                    onClick={() => reset.mutate(s.id)}
                                    aria-label={`Reset the second factor of ${s.email}`}
                                  >
                                    Reset 2FA
                                  </Button>
                                ) : null}
                                <Button
                                  size="sm"
                                  variant="danger"
                                  onClick={() => deactivate.mutate(s.id)}
                                  aria-label={`Deactivate ${s.email}`}
                                >
                                  Deactivate
                                </Button>
                              </>
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
              </>
            )}
          </WhenLoaded>
          {failure ? <ProblemNotice error={asApiError(failure)} /> : null}
        </Card>
        <aside className="admin-side" aria-label="Invite">
          <Card title="Invite someone" id="invite">
            <form onSubmit={submit}>
              <Field label="E-mail address">
                {(p) => (
                  <input
                    {...p}
                    type="email"
                    required
                    value={email}
                    onChange={(e) => setEmail(e.target.value)}
                  />
                )}
              </Field>
              <Field label="Name" optional>
                {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
              </Field>
              <Field label="Role">
                {(p) => (
                  <select
                    {...p}
                    value={role}
                    onChange={(e) => setRole(e.target.value as StaffMember['role'])}
                  >
                    <option value="agent">Agent</option>
                    <option value="admin">Admin</option>
                  </select>
                )}
              </Field>
              <Button type="submit" variant="primary" busy={invite.isPending}>
                Invite
              </Button>
            </form>
            {invite.error ? <ProblemNotice error={asApiError(invite.error)} /> : null}
            {link ? (
              <div style={{ marginTop: 12 }}>
                <Notice tone="warning" title={`Send this link to ${link.email}`}>
                  <p className="secret-box" data-testid="invitation-link">
                    {link.link}
                  </p>
                  <p className="small">
                    It works once, until <DateTime iso={link.expiresAt} />, and is shown only now.
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
