import { useState, type FormEvent } from 'react'
import { Link, useParams } from 'react-router'
import { asApiError } from '../api/client.ts'
import { useAcceptInvitation, useInvitation } from '../api/staff.ts'
import { Button } from '../components/button.tsx'
import { Field } from '../components/field.tsx'
import { Notice, ProblemNotice } from '../components/notice.tsx'
import { useDocumentTitle } from '../components/page.tsx'
import { WhenLoaded } from '../components/when-loaded.tsx'
import { roleLabel } from '../lib/labels.ts'

/** The server's rule (src/domain/staff/password-rules.ts); it refuses anything shorter itself. */
const MIN_PASSWORD = 12

/**
 * `/invitation/:token`: the one-time link an admin (or `recourse staff
 * create`) sent. The person picks a password and their account becomes active.
 */
export const InvitationPage = () => {
  useDocumentTitle('Accept your invitation')
  const { token = '' } = useParams()
  const invitation = useInvitation(token)
  const accept = useAcceptInvitation(token)
  const [name, setName] = useState('')
  const [password, setPassword] = useState('')
  const [again, setAgain] = useState('')
  const mismatch = again.length > 0 && again !== password

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (mismatch || password.length === 0) return
    accept.mutate({ password, ...(name.trim() ? { name: name.trim() } : {}) })
  }

  return (
    <div className="signin">
      <div className="signin-intro">
        <h1>Join Recourse</h1>
        <p className="page-subtitle">Choose a password to finish setting up your staff account.</p>
      </div>
      <WhenLoaded query={invitation} label="Checking your invitation…">
        {({ staff, expiresAt }) =>
          accept.data ? (
            <Notice tone="success" title="Your account is ready">
              <p>
                Sign in as <strong>{accept.data.email}</strong> with your new password.{' '}
                <Link to="/sign-in">Go to sign-in</Link>.
              </p>
            </Notice>
          ) : (
            <form className="card signin-card" onSubmit={submit} noValidate>
              <h2 className="card-title">
                {staff.email} · {roleLabel(staff.role)}
              </h2>
              <p className="muted">
                This link works once, until {new Date(expiresAt).toLocaleString()}.
              </p>
              {accept.error ? <ProblemNotice error={asApiError(accept.error)} /> : null}
              <Field label="Your name" optional>
                {(props) => (
                  <input
                    {...props}
                    autoComplete="name"
                    placeholder={staff.name}
                    value={name}
                    onChange={(e) => setName(e.target.value)}
                  />
                )}
              </Field>
              <Field
                label="Password"
                hint={`At least ${MIN_PASSWORD} characters; a few unrelated words make a good one.`}
              >
                {(props) => (
                  <input
                    {...props}
                    type="password"
                    autoComplete="new-password"
                    required
                    minLength={MIN_PASSWORD}
                    value={password}
                    onChange={(e) => setPassword(e.target.value)}
                  />
                )}
              </Field>
              <Field
                label="Password again"
                error={mismatch ? 'The two passwords differ.' : undefined}
              >
                {(props) => (
                  <input
                    {...props}
                    type="password"
                    autoComplete="new-password"
                    required
                    value={again}
                    onChange={(e) => setAgain(e.target.value)}
                  />
                )}
              </Field>
              <Button
                type="submit"
                variant="primary"
                busy={accept.isPending}
                disabled={mismatch || password.length === 0 || again.length === 0}
              >
                Set password
              </Button>
            </form>
          )
        }
      </WhenLoaded>
    </div>
  )
}
