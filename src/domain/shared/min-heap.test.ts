import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MinHeap } from './min-heap.ts'

interface Timed {
  readonly at: number
  readonly seq: number
}

const byTimeThenSeq = (a: Timed, b: Timed): boolean =>
  a.at < b.at || (a.at === b.at && a.seq < b.seq)

describe('MinHeap', () => {
  it('is empty to begin with', () => {
    const heap = new MinHeap<number>((a, b) => a < b)
    expect(heap.size).toBe(0)
    expect(heap.peek()).toBeUndefined()
    expect(heap.pop()).toBeUndefined()
  })

  it('pops in ascending order whatever the order of pushes, with peek showing the next', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 60 }), (xs) => {
        const heap = new MinHeap<number>((a, b) => a < b)
        for (const x of xs) heap.push(x)
        expect(heap.size).toBe(xs.length)
        const out: number[] = []
        for (let next = heap.peek(); next !== undefined; next = heap.peek()) {
          expect(heap.pop()).toBe(next)
          out.push(next)
        }
        expect(out).toEqual([...xs].sort((a, b) => a - b))
        expect(heap.size).toBe(0)
      }),
    )
  })

  it('keeps equal times in the order they were pushed when the comparison breaks ties by sequence', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 40 }), (times) => {
        const heap = new MinHeap<Timed>(byTimeThenSeq)
        times.forEach((at, seq) => heap.push({ at, seq }))
        const out: Timed[] = []
        for (let t = heap.pop(); t !== undefined; t = heap.pop()) out.push(t)
        expect(out).toEqual(
          times.map((at, seq) => ({ at, seq })).sort((a, b) => a.at - b.at || a.seq - b.seq),
        )
      }),
    )
  })

  it('interleaves pushes and pops like a sorted queue', () => {
    const heap = new MinHeap<number>((a, b) => a < b)
    heap.push(5)
    heap.push(1)
    heap.push(3)
    expect(heap.pop()).toBe(1)
    heap.push(2)
    heap.push(0)
    expect([heap.pop(), heap.pop(), heap.pop(), heap.pop(), heap.pop()]).toEqual([
      0,
      2,
      3,
      5,
      undefined,
    ])
  })
})
