import { useMutation, useQuery } from '@tanstack/react-query'
import type { Static } from 'typebox'
import type {
  AcceptInvitationBody,
  InvitationPreview,
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
