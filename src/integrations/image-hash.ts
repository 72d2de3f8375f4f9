import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'
import type { EvidenceMediaType } from './media-type.ts'

/**
 * Perceptual hashes of evidence photos, so the same picture re-saved,
 * resized or slightly cropped is recognised on another case even though its
 * bytes (and SHA-256) differ. The hash is the 64-bit DCT hash ("pHash"):
 * the image in greyscale shrunk to 32×32 by area averaging, and one bit per
 * low frequency of its cosine transform. Re-encoding, resizing and a small
 * crop keep almost every bit; unrelated pictures differ in about half.
 *
 * JPEG and PNG are decoded (pure JavaScript: jpeg-js, pngjs); GIF, WebP and
 * PDF get no hash and are compared by exact bytes only.
 */

/** Bigger images are not decoded (a decompression bomb would otherwise cost gigabytes). */
const MAX_MEGAPIXELS = 40

interface Grey {
  readonly width: number
  readonly height: number
  /** One luma byte per pixel, row by row. */
  readonly luma: Float64Array
}

const toGrey = (width: number, height: number, rgba: Uint8Array): Grey => {
  const luma = new Float64Array(width * height)
  for (let i = 0; i < luma.length; i++) {
    const p = i * 4
    luma[i] = 0.299 * (rgba[p] ?? 0) + 0.587 * (rgba[p + 1] ?? 0) + 0.114 * (rgba[p + 2] ?? 0)
  }
  return { width, height, luma }
}

const decode = (bytes: Uint8Array, mediaType: EvidenceMediaType): Grey | null => {
  if (mediaType === 'image/jpeg') {
    const image = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: MAX_MEGAPIXELS,
      maxMemoryUsageInMB: 512,
    })
    return toGrey(image.width, image.height, image.data)
  }
  if (mediaType === 'image/png') {
    const image = PNG.sync.read(Buffer.from(bytes))
    if (image.width * image.height > MAX_MEGAPIXELS * 1_000_000) return null
    return toGrey(image.width, image.height, image.data)
  }
  return null
}

/** The mean luma of each cell of a `cols`×`rows` grid laid over the image (area averaging). */
const shrink = (g: Grey, cols: number, rows: number): Float64Array => {
  const sums = new Float64Array(cols * rows)
  const counts = new Float64Array(cols * rows)
  for (let y = 0; y < g.height; y++) {
    const cy = Math.min(rows - 1, Math.floor((y * rows) / g.height))
    for (let x = 0; x < g.width; x++) {
      const cx = Math.min(cols - 1, Math.floor((x * cols) / g.width))
      const c = cy * cols + cx
      sums[c] = (sums[c] ?? 0) + (g.luma[y * g.width + x] ?? 0)
      counts[c] = (counts[c] ?? 0) + 1
    }
  }
  return sums.map((s, i) => s / Math.max(1, counts[i] ?? 0))
}

const SIZE = 32
const KEEP = 8

/** cos((2x + 1)uπ / 2N) for the 32-point DCT-II, by u and x. */
const cosines = Array.from({ length: KEEP }, (_, u) =>
  Array.from({ length: SIZE }, (_, x) => Math.cos(((2 * x + 1) * u * Math.PI) / (2 * SIZE))),
)

/**
 * The 64-bit DCT hash of a greyscale image, as 16 hex digits: the image
 * shrunk to 32×32, its 8×8 lowest frequencies, one bit per frequency (above
 * their median or not). Low frequencies are the picture's layout, which
 * re-encoding, resizing and a small crop leave alone.
 */
export const dctHash = (g: Grey): string => {
  const pixels = shrink(g, SIZE, SIZE)
  const rows = new Float64Array(SIZE * KEEP)
  for (let y = 0; y < SIZE; y++)
    for (let u = 0; u < KEEP; u++) {
      let sum = 0
      const cu = cosines[u] ?? []
      for (let x = 0; x < SIZE; x++) sum += (pixels[y * SIZE + x] ?? 0) * (cu[x] ?? 0)
      rows[y * KEEP + u] = sum
    }
  const coefficients: number[] = []
  for (let v = 0; v < KEEP; v++)
    for (let u = 0; u < KEEP; u++) {
      let sum = 0
      const cv = cosines[v] ?? []
      for (let y = 0; y < SIZE; y++) sum += (rows[y * KEEP + u] ?? 0) * (cv[y] ?? 0)
      coefficients.push(sum)
    }
  // The DC term (overall brightness) says nothing about the layout: it stays out of the median.
  const median = [...coefficients.slice(1)].sort((a, b) => a - b)[31] ?? 0
  let hex = ''
  for (let i = 0; i < 64; i += 4) {
    let nibble = 0
    for (let k = 0; k < 4; k++)
      nibble = (nibble << 1) | ((coefficients[i + k] ?? 0) > median ? 1 : 0)
    hex += nibble.toString(16)
  }
  return hex
}

/**
 * The perceptual hash of an evidence file (16 hex digits), or null when it is
 * not a JPEG or PNG, or cannot be decoded: a broken image is still stored as
 * evidence, it just cannot be compared by looks.
 */
export const perceptualHash = (bytes: Uint8Array, mediaType: EvidenceMediaType): string | null => {
  try {
    const grey = decode(bytes, mediaType)
    if (grey === null || grey.width < 8 || grey.height < 8) return null
    return dctHash(grey)
  } catch {
    return null
  }
}

/** How many of the 64 bits two perceptual hashes differ in. */
export const hammingDistance = (a: string, b: string): number => {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`)
  let bits = 0
  while (x > 0n) {
    bits += Number(x & 1n)
    x >>= 1n
  }
  return bits
}
