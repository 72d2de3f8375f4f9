import type { Role } from '../api/types.ts'

/** Who is signed in, as this browser tab remembers it. */
export interface Session {
  readonly token: string
  readonly userId: string
  readonly role: Role
  readonly name: string
  /** How the session began; agent and admin password sign-in will add `password`. */
  readonly method: 'demo'
}

const KEY = 'recourse.session'
const listeners = new Set<() => void>()
let current: Session | null = read()

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY)
    return raw ? (JSON.parse(raw) as Session) : null
  } catch {
    return null
  }
}

const emit = (): void => {
  for (const l of listeners) l()
}

/**
 * The session store: a token kept in sessionStorage (one tab, gone when the
 * tab closes). React reads it through useSession; the API client through
 * currentSession, so the token never has to be threaded through props.
 */
export const sessionStore = {
  current: (): Session | null => current,
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
  signIn: (session: Session): void => {
    current = session
    sessionStorage.setItem(KEY, JSON.stringify(session))
    emit()
  },
  signOut: (): void => {
    current = null
    sessionStorage.removeItem(KEY)
    emit()
  },
}
