import type { Role, SessionView } from '../api/types.ts'

/** How a session began. */
export type SignInMethod = SessionView['via']

/**
 * Who is signed in. The credential itself is the server's HTTP-only
 * `recourse_sid` cookie, which scripts cannot read; this is what the page
 * knows about it, with the CSRF token it sends back on every change.
 */
export interface Session {
  readonly csrfToken: string
  readonly userId: string
  readonly role: Role
  readonly name: string
  readonly method: SignInMethod
}

export const fromView = (view: SessionView): Session => ({
  csrfToken: view.csrfToken,
  userId: view.personId,
  role: view.role,
  name: view.displayName,
  method: view.via,
})

const listeners = new Set<() => void>()
let current: Session | null = null

const emit = (): void => {
  for (const l of listeners) l()
}

/**
 * The session store. React reads it through useSession; the API client
 * through current, for the CSRF token. `restore` asks the server once at
 * start-up which session the cookie carries (a hand-off link, a new tab, a
 * reload).
 */
export const sessionStore = {
  current: (): Session | null => current,
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
  signIn: (session: Session): void => {
    current = session
    emit()
  },
  /** Forgets the session here; the caller ends it on the server (`POST /v1/auth/sign-out`). */
  signOut: (): void => {
    current = null
    emit()
  },
  restore: async (): Promise<void> => {
    try {
      const res = await fetch('/v1/auth/session', {
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
      })
      current = res.ok ? fromView((await res.json()) as SessionView) : null
    } catch {
      current = null
    }
    emit()
  },
}
