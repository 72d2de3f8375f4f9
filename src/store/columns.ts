import { bigint, timestamp } from 'drizzle-orm/pg-core'

/** An instant: `timestamptz`, read and written as an ISO-8601 string like the events carry. */
export const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' })

/** An amount in minor units (`Minor`): `bigint`, as a JavaScript number (safe up to 2^53). */
export const money = (name: string) => bigint(name, { mode: 'number' })
