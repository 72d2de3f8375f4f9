import { Link, useParams } from 'react-router'
import { useOrder } from '../../api/orders.ts'
import { usePeople } from '../../api/demo.ts'
import { useSession } from '../../auth/use-session.ts'
import { PageHeader, useDocumentTitle } from '../../components/page.tsx'
import { ConversationThread } from './conversation-thread.tsx'

/**
 * `/orders/:orderId/conversation`: the buyer and seller of an order talk
 * here (notification emails about new messages link to it), each reading
 * the other in their own language.
 */
export const ConversationPage = () => {
  const { orderId = '' } = useParams()
  const session = useSession()
  const person = usePeople()
  const order = useOrder(orderId)
  const o = order.data
  const other = o ? (session?.role === 'buyer' ? o.sellerId : o.buyerId) : null
  const title = other ? `Conversation with ${person(other)}` : 'Conversation'
  useDocumentTitle(title)
  return (
    <div className="page page-narrow">
      <PageHeader
        back={{ to: `/orders/${orderId}`, label: 'Order' }}
        title={title}
        meta={
          o ? (
            <span>
              Order <Link to={`/orders/${orderId}`}>#{o.externalRef}</Link>
            </span>
          ) : undefined
        }
      />
      <ConversationThread orderId={orderId} />
    </div>
  )
}
