import type { Case } from '../../api/types.ts'
import { ConversationThread } from '../conversations/conversation-thread.tsx'

/**
 * Messages on the case page: the order's conversation (one thread per order,
 * this case's messages in it), each message in the viewer's language with
 * the original one click away.
 */
export const CaseMessages = ({ c }: { c: Case; viewer: string }) => (
  <ConversationThread orderId={c.orderId} />
)
