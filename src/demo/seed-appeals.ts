import type { Recourse } from '../app/recourse.ts'
import { asId, type UserId } from '../domain/shared/ids.ts'
import { defaultAbuseThresholds, returnAbuse } from '../insights/buyers.ts'
import { reputationOf } from '../insights/scorecard.ts'
import { windowOf } from '../insights/vocabulary.ts'

/**
 * One open abuse appeal, so the agents' appeal queue has something in it:
 * the buyer the return-abuse view lists first contests its signals. Filed
 * through the real command (`AbuseAppealService.file`) at the end of the
 * seeded history. Nothing happens when no buyer is flagged.
 */
export const seedAbuseAppeal = async (recourse: Recourse): Promise<string | null> => {
  const { db } = recourse.database
  const now = await recourse.clock.now()
  const { policy } = await recourse.policies.current(db)
  const window = windowOf(now, reputationOf(policy).windowDays)
  const [first] = await returnAbuse(db, window, defaultAbuseThresholds, 1)
  if (first === undefined) return null
  const buyer = { kind: 'buyer' as const, id: asId<UserId>(first.buyerId) }
  const filed = await recourse.runner.run(buyer, (uow) =>
    recourse.abuseAppeals.file(uow, first.buyerId, {
      statement:
        'The items I complained about really were not as listed: the measurements in the listings were wrong. Please look at the photos in those cases again.',
    }),
  )
  return filed.ok ? filed.value.id : null
}
