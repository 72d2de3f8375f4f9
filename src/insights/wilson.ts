import { sql, type SQL } from 'drizzle-orm'

/**
 * The Wilson score interval's lower bound for `successes` out of `n` at
 * confidence `z` (1.96: 95 %). A rate from 3 orders has a wide interval and a
 * low bound, so a listing with 1 dispute in 3 orders ranks below one with 30
 * in 300 (Evan Miller, "How Not To Sort By Average Rating").
 */
export const wilsonLowerBound = (successes: number, n: number, z = WILSON_Z): number => {
  if (n <= 0) return 0
  const p = Math.min(1, Math.max(0, successes / n))
  const z2 = z * z
  const bound = (p + z2 / (2 * n) - z * Math.sqrt((p * (1 - p) + z2 / (4 * n)) / n)) / (1 + z2 / n)
  return Math.max(0, bound)
}

/** The upper bound, for reporting the interval. */
export const wilsonUpperBound = (successes: number, n: number, z = WILSON_Z): number => {
  if (n <= 0) return 1
  const p = Math.min(1, Math.max(0, successes / n))
  const z2 = z * z
  const bound = (p + z2 / (2 * n) + z * Math.sqrt((p * (1 - p) + z2 / (4 * n)) / n)) / (1 + z2 / n)
  return Math.min(1, bound)
}

/** 95 % confidence: the bound stored on every listing row. */
export const WILSON_Z = 1.96

/** The same lower bound as SQL over two integer expressions, for upserts that keep it current. */
export const wilsonLowerBoundSql = (successes: SQL, n: SQL): SQL => {
  const z = sql.raw(String(WILSON_Z))
  const z2 = sql.raw(String(WILSON_Z * WILSON_Z))
  const nf = sql`(${n})::float8`
  const p = sql`((${successes})::float8 / nullif(${nf}, 0))`
  return sql`case when (${n}) <= 0 then 0::float8 else greatest(0::float8,
    (${p} + ${z2} / (2 * ${nf}) - ${z} * sqrt((${p} * (1 - ${p}) + ${z2} / (4 * ${nf})) / ${nf}))
    / (1 + ${z2} / ${nf})) end`
}
