import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from './api.ts'
import { invalidateOrderData } from './orders.ts'
import type {
  Cancellation,
  DeclineCancellationInput,
  Page,
  StartCancellationInput,
} from './types.ts'

export const cancellationKeys = {
  all: ['cancellations'] as const,
  list: (filter: { status?: string }) => ['cancellations', 'list', filter] as const,
  detail: (id: string) => ['cancellations', 'detail', id] as const,
}

export const useCancellations = (filter: { status?: string } = {}) =>
  useQuery({
    queryKey: cancellationKeys.list(filter),
    queryFn: () =>
      api.get<Page<Cancellation>>('/v1/cancellations', { limit: 100, status: filter.status }),
  })

export const useCancellation = (id: string | null) =>
  useQuery({
    queryKey: cancellationKeys.detail(id ?? ''),
    queryFn: () => api.get<Cancellation>(`/v1/cancellations/${encodeURIComponent(id ?? '')}`),
    enabled: id !== null,
  })

export const useStartCancellation = (orderId: string) => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: StartCancellationInput) =>
      api.post<Cancellation>(`/v1/orders/${encodeURIComponent(orderId)}/cancellations`, input),
    onSuccess: async (c) => {
      client.setQueryData(cancellationKeys.detail(c.id), c)
      await invalidateOrderData(client)
    },
  })
}

type Answer =
  | { action: 'approve' }
  | { action: 'withdraw' }
  | ({ action: 'decline' } & DeclineCancellationInput)

/** Approve, decline (with a reason) or withdraw a pending request. */
export const useAnswerCancellation = (id: string) => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (answer: Answer) => {
      const path = `/v1/cancellations/${encodeURIComponent(id)}/${answer.action}`
      return answer.action === 'decline'
        ? api.post<Cancellation>(path, { reason: answer.reason })
        : api.post<Cancellation>(path)
    },
    onSuccess: async (c) => {
      client.setQueryData(cancellationKeys.detail(id), c)
      await invalidateOrderData(client)
    },
  })
}
