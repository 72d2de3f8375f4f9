import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Static } from 'typebox'
import type {
  AcceptInvitationBody,
  InvitationPreview,
  InvitationView,
  InviteStaffBody,
  StaffList,
  StaffView,
} from '../../../src/http/schemas/staff.ts'
import { api } from './api.ts'

export type StaffMember = Static<typeof StaffView>

/** Who an invitation link is for (public: the link is the secret). */
export const useInvitation = (token: string) =>
  useQuery({
    queryKey: ['invitation', token],
    queryFn: () =>
      api.get<Static<typeof InvitationPreview>>(
        `/v1/staff/invitations/${encodeURIComponent(token)}`,
      ),
    retry: false,
  })

/** Accepts an invitation with the chosen password; the account becomes active. */
export const useAcceptInvitation = (token: string) =>
  useMutation({
    mutationFn: (body: Static<typeof AcceptInvitationBody>) =>
      api.post<StaffMember>(`/v1/staff/invitations/${encodeURIComponent(token)}/accept`, body),
  })

const STAFF = ['staff'] as const

/** Every staff account and the deployment-wide second-factor switch (admin). */
export const useStaff = () =>
  useQuery({
    queryKey: STAFF,
    queryFn: () => api.get<Static<typeof StaffList>>('/v1/staff'),
  })

const useStaffChange = <V, R>(call: (v: V) => Promise<R>) => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: call,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: STAFF })
    },
  })
}

export const useInviteStaff = () =>
  useStaffChange((body: Static<typeof InviteStaffBody>) =>
    api.post<Static<typeof InvitationView>>('/v1/staff/invitations', body),
  )

export const useReinviteStaff = () =>
  useStaffChange((id: string) =>
    api.post<Static<typeof InvitationView>>(`/v1/staff/${encodeURIComponent(id)}/invitation`),
  )

export const useChangeStaffRole = () =>
  useStaffChange(({ id, role }: { id: string; role: StaffMember['role'] }) =>
    api.post<StaffMember>(`/v1/staff/${encodeURIComponent(id)}/role`, { role }),
  )

export const useDeactivateStaff = () =>
  useStaffChange((id: string) =>
    api.post<StaffMember>(`/v1/staff/${encodeURIComponent(id)}/deactivate`),
  )

export const useResetSecondFactor = () =>
  useStaffChange((id: string) =>
    api.post<StaffMember>(`/v1/staff/${encodeURIComponent(id)}/second-factor/reset`),
  )

export const useRequireSecondFactorForAll = () =>
  useStaffChange((required: boolean) =>
    api.put('/v1/staff/settings', { requireSecondFactorForAll: required }),
  )
