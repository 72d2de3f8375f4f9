import { useQuery } from '@tanstack/react-query'
import { api } from './api.ts'
import { ApiError } from './client.ts'
import type { DemoUser, DemoUsers, SessionView } from './types.ts'

/** The demo users, or `null` when the server is not in demo mode (the route answers 404). */
export const useDemoUsers = () =>
  useQuery({
    queryKey: ['demo-users'],
    queryFn: async (): Promise<DemoUser[] | null> => {
      try {
        return (await api.get<DemoUsers>('/v1/demo/users')).items
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null
        throw error
      }
    },
    staleTime: Infinity,
  })

/** Signs in as a demo user: the server starts a session (its cookie) and answers its view. */
export const startDemoSession = (userId: string): Promise<SessionView> =>
  api.post<SessionView>('/v1/demo/sessions', { userId })

/** Display names for user ids (from the demo directory for now; a user directory API can replace it). */
export const usePeople = (): ((userId: string) => string) => {
  const users = useDemoUsers().data ?? []
  return (userId) => users.find((u) => u.id === userId)?.name ?? userId
}
