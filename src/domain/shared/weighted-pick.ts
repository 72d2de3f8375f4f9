/** A source of uniform draws in [0, 1), such as a seeded generator. */
export interface UniformSource {
  float(): number
}

/**
 * Picks items by weight, the cumulative table built once for many picks: an
 * item of weight 3 comes three times as often as one of weight 1. Pure: the
 * randomness comes in with each pick, so a seeded source gives the same
 * picks every run.
 */
export const weightedPicker = <T>(
  items: readonly T[],
  weight: (item: T) => number,
): ((random: UniformSource) => T) => {
  let sum = 0
  const table = items.map((item) => ({ item, upTo: (sum += weight(item)) }))
  return (random) => {
    const r = random.float() * sum
    const found = table.find((e) => r < e.upTo) ?? table.at(-1)
    if (!found) throw new RangeError('weighted pick from an empty list')
    return found.item
  }
}
