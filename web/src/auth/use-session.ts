import { useSyncExternalStore } from 'react'
import { sessionStore, type Session } from './session.ts'

export const useSession = (): Session | null =>
  useSyncExternalStore(sessionStore.subscribe, sessionStore.current)
