import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query'
import { api } from './api.ts'
import type { Eligibility, Order, Page, ShipmentInput } from './types.ts'

export const orderKeys = {
  all: ['orders'] as const,
  list: (filter: { status?: string }) => ['orders', 'list', filter] as const,
  detail: (id: string) => ['orders', 'detail', id] as const,
  eligibility: (id: string) => ['orders', 'eligibility', id] as const,
}

/** After any change to an order or its cancellation, everything derived from it is refetched. */
export const invalidateOrderData = async (client: QueryClient): Promise<void> => {
  await Promise.all([
    client.invalidateQueries({ queryKey: orderKeys.all }),
    client.invalidateQueries({ queryKey: ['cancellations'] }),
  ])
}

export const useOrders = (filter: { status?: string; limit?: number } = {}) =>
  useInfiniteQuery({
    queryKey: orderKeys.list({ ...(filter.status ? { status: filter.status } : {}) }),
    queryFn: ({ pageParam }) =>
      api.get<Page<Order>>('/v1/orders', {
        limit: filter.limit ?? 50,
        status: filter.status,
        cursor: pageParam,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })

export const useOrder = (id: string, enabled = true) =>
  useQuery({
    queryKey: orderKeys.detail(id),
    queryFn: () => api.get<Order>(`/v1/orders/${encodeURIComponent(id)}`),
    enabled: enabled && id !== '',
  })

export const useCancellationEligibility = (id: string, enabled = true) =>
  useQuery({
    queryKey: orderKeys.eligibility(id),
    queryFn: () =>
      api.get<Eligibility>(`/v1/orders/${encodeURIComponent(id)}/cancellation-eligibility`),
    enabled,
  })

export const useShipOrder = (id: string) => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: ShipmentInput) =>
      api.post<Order>(`/v1/orders/${encodeURIComponent(id)}/shipments`, input),
    onSuccess: async (order) => {
      client.setQueryData(orderKeys.detail(id), order)
      await invalidateOrderData(client)
    },
  })
}

export const useAcceptOrder = (id: string) => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => api.post<Order>(`/v1/orders/${encodeURIComponent(id)}/acceptance`),
    onSuccess: async (order) => {
      client.setQueryData(orderKeys.detail(id), order)
      await invalidateOrderData(client)
    },
  })
}
