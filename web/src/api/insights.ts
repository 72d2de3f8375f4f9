import { useMutation, useQuery } from '@tanstack/react-query'
import { api } from './api.ts'
import type { ListingDraft, ListingReview, Precedents, Scorecard } from './types.ts'

/** A seller's scorecard, each metric with the orders and cases behind it and what was left out. */
export const useScorecard = (sellerId: string) =>
  useQuery({
    queryKey: ['insights', 'scorecard', sellerId],
    queryFn: () =>
      api.get<Scorecard>(`/v1/sellers/${encodeURIComponent(sellerId)}/scorecard`, { links: 20 }),
    enabled: sellerId !== '',
  })

/** A listing draft checked against the category's requirements (nothing is stored). */
export const useListingReview = () =>
  useMutation({
    mutationFn: (draft: ListingDraft) => api.post<ListingReview>('/v1/listings/review', draft),
  })

/** The most similar decided cases and their outcomes (agents). */
export const usePrecedents = (caseId: string) =>
  useQuery({
    queryKey: ['insights', 'precedents', caseId],
    queryFn: () =>
      api.get<Precedents>(`/v1/cases/${encodeURIComponent(caseId)}/precedents`, { limit: 5 }),
    enabled: caseId !== '',
  })
