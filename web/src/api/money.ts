import { useQuery } from '@tanstack/react-query'
import { api } from './api.ts'
import type { Credits, Ledger } from './types.ts'

export const moneyKeys = {
  ledger: (orderId: string) => ['money', 'ledger', orderId] as const,
  credits: (userId: string) => ['money', 'credits', userId] as const,
}

/** An order's ledger: postings, balances, totals and its refunds (the parties and staff). */
export const useLedger = (orderId: string, enabled = true) =>
  useQuery({
    queryKey: moneyKeys.ledger(orderId),
    queryFn: () => api.get<Ledger>(`/v1/orders/${encodeURIComponent(orderId)}/ledger`),
    enabled: enabled && orderId !== '',
  })

/** A buyer's marketplace credit: balance, grants with their expiry, and the history. */
export const useCredits = (userId: string, enabled = true) =>
  useQuery({
    queryKey: moneyKeys.credits(userId),
    queryFn: () => api.get<Credits>(`/v1/accounts/${encodeURIComponent(userId)}/credits`),
    enabled: enabled && userId !== '',
  })
