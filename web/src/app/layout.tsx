import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router'
import { api, SESSION_EXPIRED_EVENT } from '../api/api.ts'
import { sessionStore } from '../auth/session.ts'
import { useSession } from '../auth/use-session.ts'
import { useNow, useServerClock } from '../lib/clock.tsx'
import { initials, roleLabel } from '../lib/labels.ts'
import { formatDayTime, viewerTimeZone } from '../lib/time.ts'
import { navFor } from './routes.tsx'

const Brand = () => (
  <Link to="/" className="brand" aria-label="Recourse home">
    <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="8" />
      <path d="M10 22V10h7a4 4 0 0 1 0 8h-7m7 0 5 4" />
    </svg>
    <span className="brand-name">Recourse</span>
  </Link>
)

const SandboxPill = () => {
  const { sandbox, offsetMs } = useServerClock()
  const now = useNow(30_000)
  if (!sandbox) return null
  return (
    <span
      className="sandbox-pill"
      title={`Sandbox mode: it is ${formatDayTime(now)} here${offsetMs > 60_000 ? ', ahead of real time' : ''}; an admin can move time forward`}
    >
      <span className="sandbox-dot" aria-hidden="true" />
      Sandbox<span className="sandbox-time">· {formatDayTime(now)}</span>
      {offsetMs > 60_000 ? <span className="sandbox-ahead"> (ahead)</span> : null}
    </span>
  )
}

export const Layout = () => {
  const session = useSession()
  const { sandbox } = useServerClock()
  const navigate = useNavigate()
  const location = useLocation()
  const queryClient = useQueryClient()

  useEffect(() => {
    const expired = (): void => {
      queryClient.clear()
      void navigate('/sign-in', { state: { expired: true, from: location.pathname } })
    }
    window.addEventListener(SESSION_EXPIRED_EVENT, expired)
    return () => window.removeEventListener(SESSION_EXPIRED_EVENT, expired)
  }, [navigate, location.pathname, queryClient])

  const signOut = (): void => {
    // Ends the session on the server; the page forgets it whatever the answer.
    void api.post('/v1/auth/sign-out', {}).catch(() => undefined)
    sessionStore.signOut()
    queryClient.clear()
    void navigate('/sign-in')
  }

  const nav = session ? navFor({ role: session.role, sandbox }) : []

  // After a client-side navigation, move focus to the new page (as a full page
  // load would), so keyboard and screen-reader users start at its top.
  const mainRef = useRef<HTMLElement>(null)
  const shownPath = useRef(location.pathname)
  useEffect(() => {
    if (shownPath.current === location.pathname) return
    shownPath.current = location.pathname
    mainRef.current?.focus({ preventScroll: true })
    window.scrollTo(0, 0)
  }, [location.pathname])

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Brand />
          {nav.length > 0 ? (
            <nav className="topnav" aria-label="Main">
              {nav.map((item) => (
                <NavLink
                  key={item.to}
                  to={item.to}
                  end
                  className={({ isActive }) => `topnav-link${isActive ? ' active' : ''}`}
                >
                  {item.label}
                </NavLink>
              ))}
            </nav>
          ) : (
            <span className="topnav-spacer" />
          )}
          <div className="topbar-end">
            <SandboxPill />
            {session ? (
              <div className="user-chip">
                <span className={`avatar avatar-${session.role}`} aria-hidden="true">
                  {initials(session.name)}
                </span>
                <span className="user-text">
                  <span className="user-name">{session.name}</span>
                  <span className="user-role">{roleLabel(session.role)}</span>
                </span>
                <button type="button" className="btn btn-ghost btn-sm" onClick={signOut}>
                  Sign out
                </button>
              </div>
            ) : null}
          </div>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1} ref={mainRef}>
        <Outlet />
      </main>
      <footer className="footer">
        <span>Times are shown in your time zone ({viewerTimeZone()}).</span>
        <a href="/docs">API reference</a>
      </footer>
    </div>
  )
}
