import { and, eq, gt, lt, or, type Column, type SQL } from 'drizzle-orm'

type FieldKind = 'string' | 'number'
type FieldOf<K extends FieldKind> = K extends 'number' ? number : string

/** The tuple a cursor of these field kinds carries: `['number', 'string']` → `[number, string]`. */
export type CursorKey<Ks extends readonly FieldKind[]> = {
  -readonly [I in keyof Ks]: FieldOf<Ks[I]>
}

/**
 * A keyset cursor: the sort key of a page's last row, handed to the client as
 * an opaque base64url token and read back on the next request. A token that
 * is not one of ours (not base64url JSON, or not the expected shape) reads as
 * `null`, and the list starts from its first page.
 */
export interface CursorCodec<K> {
  encode(key: K): string
  decode(cursor: string): K | null
}

export const cursorCodec = <K>(accepts: (value: unknown) => value is K): CursorCodec<K> => ({
  encode: (key) => Buffer.from(JSON.stringify(key)).toString('base64url'),
  decode: (cursor) => {
    try {
      const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString())
      return accepts(value) ? value : null
    } catch {
      return null
    }
  },
})

/** Accepts exactly a tuple of these kinds of fields. */
export const tupleOf =
  <const Ks extends readonly FieldKind[]>(...kinds: Ks) =>
  (value: unknown): value is CursorKey<Ks> =>
    Array.isArray(value) &&
    value.length === kinds.length &&
    kinds.every((kind, i) => typeof value[i] === kind)

/** A cursor over a tuple key, e.g. `tupleCursor('string', 'string')` for `(created_at, id)`. */
export const tupleCursor = <const Ks extends readonly FieldKind[]>(
  ...kinds: Ks
): CursorCodec<CursorKey<Ks>> => cursorCodec(tupleOf(...kinds))

/**
 * The rows strictly after `key` in the order of `columns`, all ascending or
 * all descending: `a > x or (a = x and b > y) or …`.
 */
export const keysetAfter = (
  columns: readonly Column[],
  key: readonly unknown[],
  direction: 'asc' | 'desc',
): SQL | undefined => {
  const beyond = direction === 'asc' ? gt : lt
  return or(
    ...columns.map((column, i) => {
      const past = beyond(column, key[i])
      if (i === 0) return past
      return and(...columns.slice(0, i).map((earlier, j) => eq(earlier, key[j])), past)
    }),
  )
}
