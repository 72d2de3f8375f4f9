import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { api } from './api.ts'
import { caseKeys } from './cases.ts'
import { saveAuthorizedDownload } from './files.ts'
import type { InspectionInput, Page, Return, ShipReturnInput } from './types.ts'

export const returnKeys = {
  all: ['returns'] as const,
  list: (status: string | undefined) => ['returns', 'list', status ?? 'all'] as const,
  detail: (id: string) => ['returns', 'detail', id] as const,
  ofCase: (caseId: string) => ['returns', 'case', caseId] as const,
}

const returnPath = (id: string, rest = ''): string => `/v1/returns/${encodeURIComponent(id)}${rest}`

/** Saves the return label PDF. */
export const downloadLabel = (r: Return): Promise<void> =>
  saveAuthorizedDownload(r.labelUrl, `return-label-${r.rma}.pdf`)

/** A return moves its case and its refund with it: everything derived is refetched. */
const afterReturnChange = async (client: QueryClient, r: Return): Promise<void> => {
  client.setQueryData(returnKeys.detail(r.id), r)
  await Promise.all([
    client.invalidateQueries({ queryKey: returnKeys.all }),
    client.invalidateQueries({ queryKey: caseKeys.detail(r.caseId) }),
    client.invalidateQueries({ queryKey: ['money'] }),
  ])
}

/** The returns a case required (usually one), for its parties and staff. */
export const useCaseReturns = (caseId: string, enabled = true) =>
  useQuery({
    queryKey: returnKeys.ofCase(caseId),
    queryFn: () => api.get<{ items: Return[] }>(`/v1/cases/${encodeURIComponent(caseId)}/returns`),
    enabled: enabled && caseId !== '',
  })

/** The caller's returns, newest first; a seller filters `delivered_to_seller` for what to inspect. */
export const useReturns = (status?: string) =>
  useQuery({
    queryKey: returnKeys.list(status),
    queryFn: () => api.get<Page<Return>>('/v1/returns', { limit: 100, status }),
  })

export const useReturn = (id: string) =>
  useQuery({
    queryKey: returnKeys.detail(id),
    queryFn: () => api.get<Return>(returnPath(id)),
    enabled: id !== '',
  })

/** Sent with If-Match on the version shown, so a return that moved meanwhile is refused. */
export const useShipReturn = (r: Return) => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: ShipReturnInput) =>
      api.post<Return>(returnPath(r.id, '/shipments'), input, { ifMatch: r.version }),
    onSuccess: (updated) => afterReturnChange(client, updated),
  })
}

export const useInspectReturn = (r: Return) => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: InspectionInput) =>
      api.post<Return>(returnPath(r.id, '/inspection'), input, { ifMatch: r.version }),
    onSuccess: (updated) => afterReturnChange(client, updated),
  })
}
