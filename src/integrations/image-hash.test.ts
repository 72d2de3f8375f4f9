import { describe, expect, it } from 'vitest'
import { crop, drawScene, fromJpeg, resize, toJpeg, toPng } from '../../test/support/images.ts'
import { NEAR_DUPLICATE_MAX_DISTANCE } from '../insights/vocabulary.ts'
import { hammingDistance, perceptualHash } from './image-hash.ts'

const hashOf = (bytes: Buffer, type: 'image/jpeg' | 'image/png'): string => {
  const h = perceptualHash(bytes, type)
  if (h === null) throw new Error('no hash')
  return h
}

describe('the perceptual hash of an evidence photo', () => {
  const original = drawScene(320, 240, 1)
  const photo = toJpeg(original, 90)
  const hash = hashOf(photo, 'image/jpeg')

  it('is 64 bits and stays within the near-duplicate distance when the picture is re-saved, resized or slightly cropped', () => {
    expect(hash).toMatch(/^[0-9a-f]{16}$/)
    const variants = {
      reencoded: hashOf(toJpeg(fromJpeg(photo), 40), 'image/jpeg'),
      png: hashOf(toPng(original), 'image/png'),
      resized: hashOf(toJpeg(resize(fromJpeg(photo), 200, 150), 75), 'image/jpeg'),
      cropped: hashOf(toJpeg(crop(fromJpeg(photo), 0.04), 85), 'image/jpeg'),
    }
    const distances = Object.fromEntries(
      Object.entries(variants).map(([k, h]) => [k, hammingDistance(hash, h)]),
    )
    console.log(distances)
    for (const d of Object.values(distances))
      expect(d).toBeLessThanOrEqual(NEAR_DUPLICATE_MAX_DISTANCE)
  })

  it('is far from an unrelated picture', () => {
    for (const seed of [2, 3, 4, 5]) {
      const other = hashOf(toJpeg(drawScene(320, 240, seed), 90), 'image/jpeg')
      console.log(seed, hammingDistance(hash, other))
      expect(hammingDistance(hash, other)).toBeGreaterThan(NEAR_DUPLICATE_MAX_DISTANCE * 2)
    }
  })

  it('is null for what it cannot decode', () => {
    expect(perceptualHash(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), 'image/jpeg')).toBeNull()
    expect(perceptualHash(Buffer.from('%PDF-1.4'), 'application/pdf')).toBeNull()
  })
})
