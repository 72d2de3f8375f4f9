import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query'
import { api } from './api.ts'
import { orderKeys } from './orders.ts'
import type {
  AcceptClaimInput,
  AppealInput,
  Case,
  DecisionInput,
  DeclineOfferInput,
  DisputeInput,
  EscalateInput,
  EvidenceInput,
  InformationInput,
  InformationRequestInput,
  MakeOfferInput,
  OpenCaseInput,
  Page,
  PostMessageInput,
  QueueFilter,
  QueueItem,
} from './types.ts'

export const caseKeys = {
  all: ['cases'] as const,
  list: ['cases', 'list'] as const,
  detail: (id: string) => ['cases', 'detail', id] as const,
  queue: (filter: QueueFilter) => ['queue', filter] as const,
}

const casePath = (id: string, rest = ''): string => `/v1/cases/${encodeURIComponent(id)}${rest}`

/** After any move on a case, lists, the queue and the order (its payout hold) are refetched. */
const afterCaseChange = async (client: QueryClient, c: Case): Promise<void> => {
  client.setQueryData(caseKeys.detail(c.id), c)
  await Promise.all([
    client.invalidateQueries({ queryKey: caseKeys.list }),
    client.invalidateQueries({ queryKey: ['queue'] }),
    client.invalidateQueries({ queryKey: orderKeys.all }),
  ])
}

/**
 * The caller's cases (a buyer's or seller's own; staff see all), page by page.
 * `deadline`: the ones whose deadline is the caller's to meet first, soonest
 * first, as the API orders them.
 */
export const useCases = (sort: 'newest' | 'deadline' = 'newest') =>
  useInfiniteQuery({
    queryKey: [...caseKeys.list, sort],
    queryFn: ({ pageParam }) =>
      api.get<Page<Case>>('/v1/cases', { limit: 100, cursor: pageParam, sort }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })

/** A case; refetched every 30 s while shown, so a deadline that fired elsewhere shows up. */
export const useCase = (id: string | null, options: { poll?: boolean } = {}) =>
  useQuery({
    queryKey: caseKeys.detail(id ?? ''),
    queryFn: () => api.get<Case>(casePath(id ?? '')),
    enabled: id !== null && id !== '',
    ...(options.poll ? { refetchInterval: 30_000 } : {}),
  })

export const useOpenCase = (orderId: string) => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: OpenCaseInput) =>
      api.post<Case>(`/v1/orders/${encodeURIComponent(orderId)}/cases`, input),
    onSuccess: (c) => afterCaseChange(client, c),
  })
}

/**
 * Every move on a case, one POST each. Sent with If-Match on the version the
 * person was looking at, so a case that moved meanwhile (a deadline fired, the
 * other side answered) is refused with VERSION_MISMATCH rather than acted on blindly.
 */
export type CaseMove =
  | { readonly kind: 'accept-claim'; readonly body: AcceptClaimInput }
  | { readonly kind: 'dispute'; readonly body: DisputeInput }
  | { readonly kind: 'offer'; readonly body: MakeOfferInput }
  | { readonly kind: 'accept-offer'; readonly offerId: string }
  | { readonly kind: 'decline-offer'; readonly offerId: string; readonly body: DeclineOfferInput }
  | { readonly kind: 'evidence'; readonly body: readonly EvidenceInput[] }
  | { readonly kind: 'message'; readonly body: PostMessageInput }
  | { readonly kind: 'escalate'; readonly body: EscalateInput }
  | { readonly kind: 'withdraw' }
  | { readonly kind: 'assign'; readonly agentId?: string }
  | { readonly kind: 'request-information'; readonly body: InformationRequestInput }
  | { readonly kind: 'information'; readonly body: InformationInput }
  | { readonly kind: 'decide'; readonly body: DecisionInput }
  | { readonly kind: 'appeal'; readonly body: AppealInput }
  | { readonly kind: 'decide-appeal'; readonly body: DecisionInput }

const send = async (c: Case, move: CaseMove): Promise<Case> => {
  const post = (rest: string, body?: unknown, version = c.version): Promise<Case> =>
    api.post<Case>(casePath(c.id, rest), body, { ifMatch: version })
  switch (move.kind) {
    case 'accept-claim':
      return post('/accept-claim', move.body)
    case 'dispute':
      return post('/dispute', move.body)
    case 'offer':
      return post('/offers', move.body)
    case 'accept-offer':
      return post(`/offers/${encodeURIComponent(move.offerId)}/accept`)
    case 'decline-offer':
      return post(`/offers/${encodeURIComponent(move.offerId)}/decline`, move.body)
    case 'evidence': {
      // The API takes one piece per request; each answer carries the next version.
      let current = c
      for (const piece of move.body) current = await post('/evidence', piece, current.version)
      return current
    }
    case 'message':
      return post('/messages', move.body)
    case 'escalate':
      return post('/escalate', move.body)
    case 'withdraw':
      return post('/withdraw')
    case 'assign':
      return post('/assign', move.agentId ? { agentId: move.agentId } : {})
    case 'request-information':
      return post('/information-requests', move.body)
    case 'information':
      return post('/information', move.body)
    case 'decide':
      return post('/decision', move.body)
    case 'appeal':
      return post('/appeal', move.body)
    case 'decide-appeal':
      return post('/appeal-decision', move.body)
  }
}

export const useCaseMove = (c: Case) => {
  const client = useQueryClient()
  const mutation = useMutation({
    mutationFn: (move: CaseMove) => send(c, move),
    onSuccess: (updated) => afterCaseChange(client, updated),
  })
  return {
    ...mutation,
    /**
     * Sends the move and calls `then` with the updated case. Not through
     * mutate's own callbacks: those are dropped when the component unmounts,
     * and a move that succeeds usually removes the very form that sent it
     * (its action is no longer available). A refusal shows as `error`.
     */
    run: (move: CaseMove, then?: (updated: Case) => void): void => {
      mutation.mutateAsync(move).then(
        (updated) => then?.(updated),
        () => undefined,
      )
    },
  }
}

/** The agents' queue: SLA-breached first, then by decision due time; cursor-paged. */
export const useQueue = (filter: QueueFilter) =>
  useInfiniteQuery({
    queryKey: caseKeys.queue(filter),
    queryFn: ({ pageParam }) =>
      api.get<Page<QueueItem>>('/v1/queue', {
        limit: 25,
        cursor: pageParam,
        reason: filter.reason,
        minAmount: filter.minAmount,
        maxAmount: filter.maxAmount,
        assigned: filter.assigned,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 60_000,
  })
