import { sessionStore } from '../auth/session.ts'
import { createApiClient } from './client.ts'

/** Signals that the API refused the session (expired or revoked token). */
export const SESSION_EXPIRED_EVENT = 'recourse:session-expired'

/** The one API client of the app: the session cookie, and its CSRF token on changes. */
export const api = createApiClient({
  csrfToken: () => sessionStore.current()?.csrfToken ?? null,
  onUnauthorized: () => {
    if (sessionStore.current()) {
      sessionStore.signOut()
      window.dispatchEvent(new Event(SESSION_EXPIRED_EVENT))
    }
  },
})
