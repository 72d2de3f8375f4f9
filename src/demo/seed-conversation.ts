import type { Clock } from '../app/clock.ts'
import { orderIdFor } from '../app/ids.ts'
import type { Recourse } from '../app/recourse.ts'
import type { Actor } from '../domain/shared/actor.ts'
import { asId, type UserId } from '../domain/shared/ids.ts'
import type { Instant } from '../policy/time.ts'
import { addHours } from '../policy/time.ts'

/**
 * The demo's cross-language thread, on story order 5 (Ana bought Sam's Air
 * Max; delivered two days ago): Ana writes in Spanish, Sam answers in
 * English, and each reads the other in their own language once the
 * translator has run (the outbox translates them on the first sweep). Ana's
 * last message carries a phone number: Sam sees it hidden, agents see it
 * flagged.
 */
export const storyConversation: readonly {
  readonly hoursAgo: number
  readonly by: 'buyer' | 'seller'
  readonly text: string
}[] = [
  {
    hoursAgo: 30,
    by: 'buyer',
    text: 'Hola Sam, las zapatillas llegaron ayer, pero la suela izquierda está despegada en la punta. ¿Me puede ayudar?',
  },
  {
    hoursAgo: 27,
    by: 'seller',
    text: 'Hi Ana, I am sorry to hear that. Could you send me a photo of the sole, please?',
  },
  {
    hoursAgo: 26,
    by: 'buyer',
    text: 'Claro, le mando la foto esta tarde. Si prefiere, puede llamarme al 55 1234 5678.',
  },
]

/** Posts the story thread through the real conversation service, each message at its own past time. */
export const seedStoryConversation = async (recourse: Recourse, now: Instant): Promise<void> => {
  const orderId = orderIdFor<string>('demo-story-5')
  const people: Readonly<Record<'buyer' | 'seller', Actor>> = {
    buyer: { kind: 'buyer', id: asId<UserId>('buyer-ana') },
    seller: { kind: 'seller', id: asId<UserId>('seller-sam') },
  }
  for (const m of storyConversation) {
    const at = addHours(now, -m.hoursAgo)
    const clock: Clock = { sandbox: false, now: async () => at }
    const outcome = await recourse.runner
      .at(clock)
      .run(people[m.by], (uow) =>
        recourse.messaging.conversations.post(uow, orderId, { text: m.text }),
      )
    if (!outcome.ok) {
      console.warn('Seeding the demo conversation: a message was refused', outcome.rejection)
      return
    }
  }
}
