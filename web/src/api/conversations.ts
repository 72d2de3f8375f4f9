import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Static } from 'typebox'
import type {
  ConversationView,
  MessageView,
  PostMessageBody,
  ReadReceipts,
} from '../../../src/http/schemas/conversation.ts'
import { api } from './api.ts'

export type Conversation = ConversationView
export type Message = MessageView
export type PostMessageInput = Static<typeof PostMessageBody>

export const conversationKeys = {
  all: ['conversations'] as const,
  detail: (orderId: string) => ['conversations', orderId] as const,
}

const path = (orderId: string, rest = ''): string =>
  `/v1/orders/${encodeURIComponent(orderId)}/conversation${rest}`

/**
 * An order's thread as the caller reads it (translated into their language,
 * contact details hidden when they are the counterparty). Polled every 10 s
 * while shown: translations arrive a moment after a message, and the other
 * side may be writing.
 */
export const useConversation = (orderId: string, enabled = true) =>
  useQuery({
    queryKey: conversationKeys.detail(orderId),
    queryFn: () => api.get<Conversation>(path(orderId), { limit: 200 }),
    enabled: enabled && orderId !== '',
    refetchInterval: 10_000,
  })

export const usePostMessage = (orderId: string) => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: PostMessageInput) => api.post<Message>(path(orderId, '/messages'), body),
    onSuccess: () => client.invalidateQueries({ queryKey: conversationKeys.detail(orderId) }),
  })
}

/** Marks everything up to `upToSeq` read: the other side sees the receipt. */
export const useMarkConversationRead = (orderId: string) => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (upToSeq: number) =>
      api.post<{ readReceipts: Static<typeof ReadReceipts> }>(path(orderId, '/read'), { upToSeq }),
    onSuccess: () => client.invalidateQueries({ queryKey: conversationKeys.detail(orderId) }),
  })
}
