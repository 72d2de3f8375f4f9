import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import type { Static } from 'typebox'
import type { LinkSwapBody, SwapView } from '../../../src/http/schemas/swap.ts'
import { api } from './api.ts'
import { caseKeys } from './cases.ts'
import { saveAuthorizedDownload } from './files.ts'

export type Swap = Static<typeof SwapView>
export type SwapLeg = Swap['legs'][number]
export type LinkSwapInput = Static<typeof LinkSwapBody>

export const swapKeys = {
  all: ['swaps'] as const,
  ofCase: (caseId: string) => ['swaps', 'case', caseId] as const,
}

const swapPath = (id: string, rest = ''): string => `/v1/swaps/${encodeURIComponent(id)}${rest}`

/** The swap a case was linked into (`null` when none), for its buyer and staff. */
export const useCaseSwap = (caseId: string, enabled = true) =>
  useQuery({
    queryKey: swapKeys.ofCase(caseId),
    queryFn: async () =>
      (await api.get<{ swap: Swap | null }>(`/v1/cases/${encodeURIComponent(caseId)}/swap`)).swap,
    enabled: enabled && caseId !== '',
  })

/** A swap moves both its cases: everything derived is refetched. */
const afterSwapChange = async (client: QueryClient, s: Swap): Promise<void> => {
  await Promise.all([
    client.invalidateQueries({ queryKey: swapKeys.all }),
    ...s.legs.map((l) => client.invalidateQueries({ queryKey: caseKeys.detail(l.caseId) })),
    client.invalidateQueries({ queryKey: ['money'] }),
  ])
}

/** An agent links the case with the other buyer's case. */
export const useLinkSwap = (caseId: string) => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: LinkSwapInput) =>
      api.post<Swap>(`/v1/cases/${encodeURIComponent(caseId)}/swap`, input),
    onSuccess: (s) => afterSwapChange(client, s),
  })
}

/** The sender reports the parcel shipped (with the label's tracking unless they give their own). */
export const useShipSwapLeg = (s: Swap, leg: SwapLeg['leg']) => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: { carrier?: string; trackingNumber?: string }) =>
      api.post<Swap>(swapPath(s.id, `/legs/${leg}/shipments`), input, { ifMatch: s.version }),
    onSuccess: (updated) => afterSwapChange(client, updated),
  })
}

/** The buyer the parcel was sent to confirms it arrived. */
export const useConfirmSwapDelivery = (s: Swap, leg: SwapLeg['leg']) => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () =>
      api.post<Swap>(swapPath(s.id, `/legs/${leg}/delivery`), undefined, { ifMatch: s.version }),
    onSuccess: (updated) => afterSwapChange(client, updated),
  })
}

/** Saves a leg's forwarding label PDF. */
export const downloadSwapLabel = (leg: SwapLeg): Promise<void> =>
  saveAuthorizedDownload(leg.labelUrl, `swap-label-${leg.rma}.pdf`)
