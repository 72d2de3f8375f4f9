import { createHash } from 'node:crypto'
import type { Instant } from '../../policy/time.ts'
import { fromDbTime } from '../../store/event-store.ts'
import type { apiKeys } from '../../store/schema.ts'

/** Every integration API key starts with this, so a bearer token says which kind it is. */
export const API_KEY_PREFIX = 'rk_'

/** Only this hash of a key's secret is stored; the secret itself is shown once, when made. */
export const hashSecret = (secret: string): string =>
  createHash('sha256').update(secret).digest('hex')

/** An integration API key as the admin sees it: never its secret. */
export interface ApiKeyView {
  readonly id: string
  readonly name: string
  /** The first characters of the secret, to tell keys apart. */
  readonly prefix: string
  readonly createdAt: Instant
  readonly revokedAt: Instant | null
  /** Made by the demo's anonymous key route; refused outside demo mode. */
  readonly demo: boolean
}

export const apiKeyView = (row: typeof apiKeys.$inferSelect): ApiKeyView => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  createdAt: fromDbTime(row.createdAt),
  revokedAt: row.revokedAt ? fromDbTime(row.revokedAt) : null,
  demo: row.demo,
})
