/**
 * A binary min-heap: `pop` returns the least item by `less`. For queues of
 * timed work (deadlines, scheduled steps) where a sorted array would cost a
 * full re-sort per insert. Give `less` a tie-break (a sequence number) when
 * equal keys must come out in the order they went in: the heap alone does
 * not keep it.
 */
export class MinHeap<T> {
  private readonly items: T[] = []

  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length
  }

  /** The least item, left in the heap. */
  peek(): T | undefined {
    return this.items[0]
  }

  push(item: T): void {
    const h = this.items
    h.push(item)
    for (let i = h.length - 1; i > 0;) {
      const parent = (i - 1) >> 1
      const a = h[i]
      const b = h[parent]
      if (a === undefined || b === undefined || !this.less(a, b)) break
      h[i] = b
      h[parent] = a
      i = parent
    }
  }

  /** Removes and returns the least item. */
  pop(): T | undefined {
    const h = this.items
    const top = h[0]
    const last = h.pop()
    if (top === undefined || last === undefined || h.length === 0) return top
    h[0] = last
    for (let i = 0; ;) {
      let m = i
      for (const child of [2 * i + 1, 2 * i + 2]) {
        const c = h[child]
        const least = h[m]
        if (c !== undefined && least !== undefined && this.less(c, least)) m = child
      }
      if (m === i) break
      const a = h[i]
      const b = h[m]
      if (a === undefined || b === undefined) break
      h[i] = b
      h[m] = a
      i = m
    }
    return top
  }
}
