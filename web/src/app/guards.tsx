import type { ReactNode } from 'react'
import { Link, Navigate, useLocation } from 'react-router'
import type { Role } from '../api/types.ts'
import { useSession } from '../auth/use-session.ts'
import { EmptyState } from '../components/page.tsx'
import { roleLabel } from '../lib/labels.ts'
import { homeFor } from './routes.tsx'

/** Signed-in pages: anyone signed out goes to sign-in and comes back after. */
export const RequireRole = ({
  roles,
  children,
}: {
  roles: readonly Role[]
  children: ReactNode
}) => {
  const session = useSession()
  const location = useLocation()
  if (!session) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />
  if (!roles.includes(session.role)) {
    return (
      <div className="page page-narrow">
        <EmptyState
          title={`This page is for ${roles.map((r) => `${roleLabel(r).toLowerCase()}s`).join(' and ')}`}
          icon="⟂"
        >
          <p>
            You are signed in as a {roleLabel(session.role).toLowerCase()}.{' '}
            <Link to={homeFor(session.role)}>Go to your start page</Link>.
          </p>
        </EmptyState>
      </div>
    )
  }
  return children
}

/** `/`: the signed-in user's start page, or sign-in. */
export const HomeRedirect = () => {
  const session = useSession()
  return <Navigate to={session ? homeFor(session.role) : '/sign-in'} replace />
}
