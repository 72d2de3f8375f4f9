import { useQuery } from '@tanstack/react-query'
import { api } from './api.ts'
import { ApiError } from './client.ts'
import type { DemoToken, DemoUser, DemoUsers } from './types.ts'

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

export const issueDemoToken = (userId: string): Promise<DemoToken> =>
  api.post<DemoToken>('/v1/demo/tokens', { userId })

/** Display names for user ids (from the demo directory for now; a user directory API can replace it). */
export const usePeople = (): ((userId: string) => string) => {
  const users = useDemoUsers().data ?? []
  return (userId) => users.find((u) => u.id === userId)?.name ?? userId
}
