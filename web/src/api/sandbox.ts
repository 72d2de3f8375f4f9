import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from './api.ts'
import type { SandboxClock } from './types.ts'

/** Moves the sandbox clock forward (admin); due deadlines fire at once, so every view is refetched. */
export const useAdvanceClock = () => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (advanceBy: string) => api.post<SandboxClock>('/v1/sandbox/clock', { advanceBy }),
    onSuccess: async () => {
      await client.invalidateQueries()
    },
  })
}
