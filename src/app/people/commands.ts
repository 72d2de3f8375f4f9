import { randomBytes } from 'node:crypto'
import { and, eq, isNull } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import type { Instant } from '../../policy/time.ts'
import type { Queryable } from '../../store/database.ts'
import { apiKeys } from '../../store/schema.ts'
import { API_KEY_PREFIX, apiKeyView, hashSecret, type ApiKeyView } from './api-keys.ts'

/**
 * Creates an integration API key; the secret is shown once and only its hash
 * is stored. `demo` marks a key the demo made for anyone who asked: it stops
 * working when the server runs without `--demo`.
 */
export const createApiKey = async (
  q: Queryable,
  name: string,
  now: Instant,
  options: { readonly demo?: boolean } = {},
): Promise<{ id: string; name: string; secret: string; prefix: string }> => {
  const secret = `${API_KEY_PREFIX}${randomBytes(24).toString('base64url')}`
  const id = uuidv7()
  const prefix = secret.slice(0, 10)
  await q.insert(apiKeys).values({
    id,
    name,
    prefix,
    secretHash: hashSecret(secret),
    createdAt: now,
    demo: options.demo === true,
  })
  return { id, name, secret, prefix }
}

/**
 * Revokes a key: calls with it are refused from then on (the authenticator
 * remembers a key for 5 s). Revoking twice keeps the first time. Null when
 * there is no such key.
 */
export const revokeApiKey = async (
  q: Queryable,
  id: string,
  now: Instant,
): Promise<ApiKeyView | null> => {
  await q
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
  const [row] = await q.select().from(apiKeys).where(eq(apiKeys.id, id))
  return row ? apiKeyView(row) : null
}
