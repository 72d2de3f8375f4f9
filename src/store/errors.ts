/** The SQLSTATE of a database error, looking through Drizzle's wrapper (`DrizzleQueryError.cause`). */
export const sqlState = (error: unknown): string | undefined => {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}

export const constraintName = (error: unknown): string | undefined => {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const c = (e as { constraint?: unknown }).constraint
    if (typeof c === 'string') return c
    const detail = (e as { message?: unknown }).message
    if (typeof detail === 'string') {
      const m = /constraint "([^"]+)"/.exec(detail)
      if (m?.[1]) return m[1]
    }
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}

/** Serialization failure or deadlock: the transaction may simply be run again. */
export const isRetryableTransactionError = (error: unknown): boolean => {
  const code = sqlState(error)
  return code === '40001' || code === '40P01'
}

export const isUniqueViolation = (error: unknown, constraint?: string): boolean =>
  sqlState(error) === '23505' && (constraint === undefined || constraintName(error) === constraint)
