import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Static } from 'typebox'
import type {
  ApiKeyList,
  ApiKeyView,
  ApiKeyWithSecret,
  PeoplePage,
  PersonView,
} from '../../../src/http/schemas/admin.ts'
import type {
  DisputePronePage,
  LateShippersPage,
  ReturnAbusePage,
  SimulationBody,
  SimulationReport,
} from '../../../src/http/schemas/insights.ts'
import type {
  CurrentPolicy,
  KnobCatalog,
  PolicyVersionPage,
  PresetList,
} from '../../../src/http/schemas/policy.ts'
import type { TrendsView } from '../../../src/http/schemas/trends.ts'
import type {
  CreateEndpointBody,
  DeliveryDetail,
  DeliveryPage,
  EndpointView,
  EndpointWithSecret,
  EventTypeList,
  SecretsView,
} from '../../../src/http/schemas/webhook.ts'
import { api } from './api.ts'

export type PolicyVersionWithDocument = Static<typeof CurrentPolicy>
export type PolicyDocument = PolicyVersionWithDocument['policy']
export type PolicyVersion = Static<typeof PolicyVersionPage>['items'][number]
export type Preset = Static<typeof PresetList>['items'][number]
export type Knob = Static<typeof KnobCatalog>['knobs'][number]
export type KnobSection = Static<typeof KnobCatalog>['sections'][number]
export type SimulationInput = Static<typeof SimulationBody>
export type Simulation = Static<typeof SimulationReport>
export type ApiKey = Static<typeof ApiKeyView>
export type NewApiKey = Static<typeof ApiKeyWithSecret>
export type Person = Static<typeof PersonView>
export type Endpoint = Static<typeof EndpointView>
export type NewEndpoint = Static<typeof EndpointWithSecret>
export type EndpointInput = Static<typeof CreateEndpointBody>
export type Delivery = Static<typeof DeliveryPage>['items'][number]
export type DeliveryWithLog = Static<typeof DeliveryDetail>
export type EventType = Static<typeof EventTypeList>['items'][number]
export type Trends = Static<typeof TrendsView>
export type LateShipper = Static<typeof LateShippersPage>['items'][number]
export type DisputeProne = Static<typeof DisputePronePage>['items'][number]
export type ReturnAbuser = Static<typeof ReturnAbusePage>['items'][number]

// Policy

export const usePolicy = () =>
  useQuery({
    queryKey: ['policy'],
    queryFn: () => api.get<PolicyVersionWithDocument>('/v1/policy'),
  })

export const usePolicyVersions = () =>
  useQuery({
    queryKey: ['policy', 'versions'],
    queryFn: () => api.get<Static<typeof PolicyVersionPage>>('/v1/policy/versions', { limit: 20 }),
  })

export const usePresets = () =>
  useQuery({
    queryKey: ['policy', 'presets'],
    queryFn: async () => (await api.get<Static<typeof PresetList>>('/v1/policy/presets')).items,
    staleTime: Infinity,
  })

export const useKnobs = () =>
  useQuery({
    queryKey: ['policy', 'knobs'],
    queryFn: () => api.get<Static<typeof KnobCatalog>>('/v1/policy/knobs'),
    staleTime: Infinity,
  })

/** Publishes over the version the edit started from; a version published meanwhile is refused (412). */
export const usePublishPolicy = () => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: { basedOn: string; policy: PolicyDocument; note?: string }) =>
      api.put<PolicyVersionWithDocument>(
        '/v1/policy',
        { policy: input.policy, ...(input.note ? { note: input.note } : {}) },
        { ifMatch: `"${input.basedOn}"` },
      ),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['policy'] })
    },
  })
}

export const useSimulation = () =>
  useMutation({
    mutationFn: (input: SimulationInput) => api.post<Simulation>('/v1/policy/simulations', input),
  })

// API keys and people

export const useApiKeys = () =>
  useQuery({
    queryKey: ['api-keys'],
    queryFn: async () => (await api.get<Static<typeof ApiKeyList>>('/v1/api-keys')).items,
  })

export const useCreateApiKey = () => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (name: string) => api.post<NewApiKey>('/v1/api-keys', { name }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['api-keys'] })
    },
  })
}

export const useRevokeApiKey = () => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.post<ApiKey>(`/v1/api-keys/${id}/revoke`),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['api-keys'] })
    },
  })
}

export const usePeopleDirectory = (filter: { role?: string; q?: string }) =>
  useQuery({
    queryKey: ['people', filter],
    queryFn: () =>
      api.get<Static<typeof PeoplePage>>('/v1/users', {
        limit: 100,
        role: filter.role || undefined,
        q: filter.q || undefined,
      }),
  })

// Webhooks

export const useEndpoints = () =>
  useQuery({
    queryKey: ['webhook-endpoints'],
    queryFn: async () => (await api.get<{ items: Endpoint[] }>('/v1/webhook-endpoints')).items,
  })

export const useEventTypes = () =>
  useQuery({
    queryKey: ['event-types'],
    queryFn: async () => (await api.get<Static<typeof EventTypeList>>('/v1/event-types')).items,
    staleTime: Infinity,
  })

export const useCreateEndpoint = () => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: EndpointInput) => api.post<NewEndpoint>('/v1/webhook-endpoints', input),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['webhook-endpoints'] })
    },
  })
}

export const useUpdateEndpoint = (id: string) => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: Partial<EndpointInput>) =>
      api.patch<Endpoint>(`/v1/webhook-endpoints/${id}`, input),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['webhook-endpoints'] })
    },
  })
}

export const useDeleteEndpoint = () => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.delete<{ deleted: boolean }>(`/v1/webhook-endpoints/${id}`),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['webhook-endpoints'] })
    },
  })
}

export const useRotateSecret = (id: string) => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () =>
      api.post<NewEndpoint>(`/v1/webhook-endpoints/${id}/secret/rotate`, { overlapHours: 24 }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['webhook-endpoints'] })
      await client.invalidateQueries({ queryKey: ['webhook-secret', id] })
    },
  })
}

/** The signing secrets, fetched only when the admin asks to reveal them. */
export const useEndpointSecrets = (id: string, reveal: boolean) =>
  useQuery({
    queryKey: ['webhook-secret', id],
    queryFn: () => api.get<Static<typeof SecretsView>>(`/v1/webhook-endpoints/${id}/secret`),
    enabled: reveal,
  })

export const useDeliveries = (endpointId: string | null, status?: string) =>
  useQuery({
    queryKey: ['webhook-deliveries', endpointId, status],
    queryFn: () =>
      api.get<Static<typeof DeliveryPage>>(`/v1/webhook-endpoints/${endpointId ?? ''}/deliveries`, {
        limit: 50,
        status,
      }),
    enabled: endpointId !== null,
    refetchInterval: 10_000,
  })

export const useDelivery = (endpointId: string, deliveryId: string | null) =>
  useQuery({
    queryKey: ['webhook-delivery', endpointId, deliveryId],
    queryFn: () =>
      api.get<DeliveryWithLog>(
        `/v1/webhook-endpoints/${endpointId}/deliveries/${deliveryId ?? ''}`,
      ),
    enabled: deliveryId !== null,
  })

export const useRedeliver = (endpointId: string) => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (deliveryId: string) =>
      api.post<Delivery>(`/v1/webhook-endpoints/${endpointId}/deliveries/${deliveryId}/redeliver`),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['webhook-deliveries', endpointId] })
      await client.invalidateQueries({ queryKey: ['webhook-delivery', endpointId] })
    },
  })
}

// Analytics

export const useTrends = (days: number, bucket: 'day' | 'week') =>
  useQuery({
    queryKey: ['insights', 'trends', days, bucket],
    queryFn: () => api.get<Trends>('/v1/insights/trends', { days, bucket }),
  })

export const useLateShippers = () =>
  useQuery({
    queryKey: ['insights', 'late-shippers'],
    queryFn: () =>
      api.get<Static<typeof LateShippersPage>>('/v1/insights/late-shippers', { limit: 10 }),
  })

export const useDisputeProneListings = () =>
  useQuery({
    queryKey: ['insights', 'dispute-prone-listings'],
    queryFn: () =>
      api.get<Static<typeof DisputePronePage>>('/v1/insights/dispute-prone-listings', {
        limit: 10,
      }),
  })

export const useReturnAbuse = () =>
  useQuery({
    queryKey: ['insights', 'return-abuse'],
    queryFn: () =>
      api.get<Static<typeof ReturnAbusePage>>('/v1/insights/return-abuse', { limit: 10 }),
  })
