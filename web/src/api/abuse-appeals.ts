import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import type { Static } from 'typebox'
import type {
  AbuseAppealView,
  DecideAbuseAppealBody,
  FileAbuseAppealBody,
} from '../../../src/http/schemas/abuse-appeal.ts'
import type { BuyerRecord as BuyerRecordSchema } from '../../../src/http/schemas/insights.ts'
import { api } from './api.ts'
import type { Page } from './types.ts'

export type AbuseAppeal = Static<typeof AbuseAppealView>
export type AbuseAppealStatus = AbuseAppeal['status']
export type FileAbuseAppealInput = Static<typeof FileAbuseAppealBody>
export type DecideAbuseAppealInput = Static<typeof DecideAbuseAppealBody>
export type BuyerRecord = Static<typeof BuyerRecordSchema>
export type BuyerSignal = BuyerRecord['signals'][number]
export type ClearedSignal = BuyerRecord['cleared'][number]

export const appealKeys = {
  all: ['abuse-appeals'] as const,
  queue: (status: string) => ['abuse-appeals', 'queue', status] as const,
  ofBuyer: (buyerId: string) => ['abuse-appeals', 'buyer', buyerId] as const,
  record: (buyerId: string) => ['insights', 'buyer-record', buyerId] as const,
}

const buyerPath = (buyerId: string, rest: string): string =>
  `/v1/buyers/${encodeURIComponent(buyerId)}${rest}`

/** A buyer's record: the numbers, the signals that flag it, those cleared on appeal, the latest appeal. */
export const useBuyerRecord = (buyerId: string) =>
  useQuery({
    queryKey: appealKeys.record(buyerId),
    queryFn: () => api.get<BuyerRecord>(buyerPath(buyerId, '/record'), { links: 10 }),
    enabled: buyerId !== '',
  })

/** A buyer's appeals, newest first. */
export const useBuyerAppeals = (buyerId: string) =>
  useQuery({
    queryKey: appealKeys.ofBuyer(buyerId),
    queryFn: () => api.get<Page<AbuseAppeal>>(buyerPath(buyerId, '/abuse-appeals'), { limit: 10 }),
    enabled: buyerId !== '',
  })

/** The agents' queue: appeals with this status across buyers, newest first. */
export const useAbuseAppealQueue = (status: AbuseAppealStatus) =>
  useQuery({
    queryKey: appealKeys.queue(status),
    queryFn: () => api.get<Page<AbuseAppeal>>('/v1/abuse-appeals', { status, limit: 50 }),
  })

/** Everything an appeal changes: the queue, the buyer's appeals and record, the return-abuse list. */
const afterAppealChange = async (client: QueryClient, a: AbuseAppeal): Promise<void> => {
  await Promise.all([
    client.invalidateQueries({ queryKey: appealKeys.all }),
    client.invalidateQueries({ queryKey: appealKeys.record(a.buyerId) }),
    client.invalidateQueries({ queryKey: ['insights', 'return-abuse'] }),
  ])
}

/** The buyer appeals the signals on its own record. */
export const useFileAbuseAppeal = (buyerId: string) => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: FileAbuseAppealInput) =>
      api.post<AbuseAppeal>(buyerPath(buyerId, '/abuse-appeals'), input),
    onSuccess: (a) => afterAppealChange(client, a),
  })
}

/** An agent or admin clears or upholds the appeal, as of the version on screen. */
export const useDecideAbuseAppeal = (a: AbuseAppeal) => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: DecideAbuseAppealInput) =>
      api.post<AbuseAppeal>(`/v1/abuse-appeals/${encodeURIComponent(a.id)}/decision`, input, {
        ifMatch: a.version,
      }),
    onSuccess: (updated) => afterAppealChange(client, updated),
  })
}
