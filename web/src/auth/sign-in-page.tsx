import { useMutation } from '@tanstack/react-query'
import { matchPath, Navigate, useLocation, useNavigate } from 'react-router'
import { asApiError } from '../api/client.ts'
import { startDemoSession, useDemoUsers } from '../api/demo.ts'
import type { DemoUser, Role } from '../api/types.ts'
import { appRoutes, homeFor } from '../app/routes.tsx'
import { Notice, ProblemNotice } from '../components/notice.tsx'
import { useDocumentTitle } from '../components/page.tsx'
import { WhenLoaded } from '../components/when-loaded.tsx'
import { initials, roleLabel } from '../lib/labels.ts'
import { fromView, sessionStore, type Session } from './session.ts'
import { useSession } from './use-session.ts'

const roleOrder: readonly Role[] = ['buyer', 'seller', 'agent', 'admin']

const roleBlurb: Record<Role, string> = {
  buyer: 'Follow orders, cancel, and get help when something goes wrong.',
  seller: 'Ship on time and answer cancellation requests.',
  agent: 'Work escalated cases by deadline and decide them.',
  admin: 'Run the marketplace’s policy, integrations and sandbox.',
}

const languageName = (locale: string): string => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(locale) ?? locale
  } catch {
    return locale
  }
}

const placeName = (timeZone: string): string =>
  timeZone.split('/').at(-1)?.replaceAll('_', ' ') ?? timeZone

interface LocationState {
  readonly from?: string
  readonly expired?: boolean
}

const pageAdmits = (path: string, role: Role): boolean =>
  appRoutes.some((r) => r.roles.includes(role) && matchPath(r.path, path) !== null)

/**
 * Sign-in. In demo mode, pick a demo user; the server starts a session (its
 * HTTP-only cookie). Agent and admin password sign-in will be a second
 * method here, ending in the same sessionStore.signIn call.
 */
export const SignInPage = () => {
  useDocumentTitle('Sign in')
  const session = useSession()
  const navigate = useNavigate()
  const location = useLocation()
  const state = (location.state ?? {}) as LocationState
  const users = useDemoUsers()

  const signIn = useMutation({
    mutationFn: async (user: DemoUser): Promise<Session> =>
      fromView(await startDemoSession(user.id)),
    onSuccess: (s) => {
      sessionStore.signIn(s)
      // Back to where the session ran out, if that page is for this role; a
      // different demo user starts on their own home page.
      const back = state.from && pageAdmits(state.from, s.role) ? state.from : homeFor(s.role)
      void navigate(back, { replace: true })
    },
  })

  if (session && !signIn.isPending) return <Navigate to={homeFor(session.role)} replace />

  const byRole = roleOrder
    .map((role) => ({ role, people: (users.data ?? []).filter((u) => u.role === role) }))
    .filter((g) => g.people.length > 0)

  return (
    <div className="signin">
      <div className="signin-intro">
        <h1>Sign in to Recourse</h1>
        <p className="page-subtitle">
          The resolution center for your marketplace: cancellations, cases, returns and refunds,
          each with a clear deadline.
        </p>
      </div>
      {state.expired ? (
        <Notice tone="warning" title="Your session ended">
          Sign in again to pick up where you were.
        </Notice>
      ) : null}
      {signIn.error ? <ProblemNotice error={asApiError(signIn.error)} /> : null}
      <WhenLoaded query={users} label="Looking up who can sign in…">
        {(directory) =>
          directory === null ? (
            <div className="card signin-card">
              <h2 className="card-title">Sign in from your marketplace</h2>
              <p>
                Buyers and sellers open Recourse from their marketplace account, which signs them
                in. Agent and admin sign-in with a password is coming soon.
              </p>
            </div>
          ) : byRole.length > 0 ? (
            <div className="signin-card card">
              <div className="signin-demo-head">
                <h2 className="card-title">Demo marketplace</h2>
                <p className="muted">
                  Choose who you are. Each person sees only their own orders and requests.
                </p>
              </div>
              {byRole.map(({ role, people }) => (
                <section key={role} className="signin-group" aria-labelledby={`group-${role}`}>
                  <div className="signin-group-head">
                    <h3 id={`group-${role}`}>{roleLabel(role)}s</h3>
                    <p className="muted">{roleBlurb[role]}</p>
                  </div>
                  <ul className="person-list">
                    {people.map((u) => (
                      <li key={u.id}>
                        <button
                          type="button"
                          className="person"
                          onClick={() => signIn.mutate(u)}
                          disabled={signIn.isPending}
                          aria-label={`Sign in as ${u.name}, ${roleLabel(u.role).toLowerCase()}`}
                        >
                          <span className={`avatar avatar-lg avatar-${u.role}`} aria-hidden="true">
                            {initials(u.name)}
                          </span>
                          <span className="person-text">
                            <span className="person-name">{u.name}</span>
                            <span className="person-meta">
                              {roleLabel(u.role)} · {languageName(u.locale)} ·{' '}
                              {placeName(u.timeZone)}
                            </span>
                          </span>
                          <span className="person-go" aria-hidden="true">
                            {signIn.isPending && signIn.variables.id === u.id ? (
                              <span className="spinner spinner-inline" />
                            ) : (
                              '→'
                            )}
                          </span>
                        </button>
                      </li>
                    ))}
                  </ul>
                </section>
              ))}
            </div>
          ) : null
        }
      </WhenLoaded>
    </div>
  )
}
