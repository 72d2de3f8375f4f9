import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'

/**
 * Real pictures for evidence tests, drawn in code: a scene (sky, ground, a
 * sun, a box) whose look a seed varies, then re-encoded, resized or cropped
 * the way a buyer re-using a photo would.
 */
export interface Picture {
  readonly width: number
  readonly height: number
  /** RGBA, row by row. */
  readonly data: Uint8Array
}

export const drawScene = (width: number, height: number, seed: number): Picture => {
  const data = new Uint8Array(width * height * 4)
  const sunX = width * (0.2 + (0.6 * ((seed * 37) % 10)) / 10)
  const sunY = height * (0.2 + (0.2 * ((seed * 17) % 10)) / 10)
  const boxX = width * (0.1 + (0.5 * ((seed * 53) % 10)) / 10)
  const horizon = height * (0.45 + (0.2 * ((seed * 29) % 10)) / 10)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4
      let rgb: [number, number, number] =
        y < horizon
          ? [90 + (120 * y) / height, 140 + (80 * y) / height, 230]
          : [60 + ((x * 3 + seed * 40) % 90), 120 - (40 * y) / height, 50]
      if (Math.hypot(x - sunX, y - sunY) < height * 0.12) rgb = [250, 220, 60]
      if (
        x > boxX &&
        x < boxX + width * 0.25 &&
        y > horizon - height * 0.2 &&
        y < horizon + height * 0.15
      )
        rgb = [150 + seed * 10, 70, 40]
      data[p] = rgb[0]
      data[p + 1] = rgb[1]
      data[p + 2] = rgb[2]
      data[p + 3] = 255
    }
  }
  return { width, height, data }
}

export const toJpeg = (p: Picture, quality: number): Buffer =>
  jpeg.encode({ width: p.width, height: p.height, data: Buffer.from(p.data) }, quality).data

export const toPng = (p: Picture): Buffer => {
  const png = new PNG({ width: p.width, height: p.height })
  png.data = Buffer.from(p.data)
  return PNG.sync.write(png)
}

export const fromJpeg = (bytes: Buffer): Picture => {
  const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true })
  return { width: image.width, height: image.height, data: image.data }
}

/** Nearest-neighbour resize. */
export const resize = (p: Picture, width: number, height: number): Picture => {
  const data = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = Math.floor((x * p.width) / width)
      const sy = Math.floor((y * p.height) / height)
      data.set(
        p.data.subarray((sy * p.width + sx) * 4, (sy * p.width + sx) * 4 + 4),
        (y * width + x) * 4,
      )
    }
  }
  return { width, height, data }
}

/** Cuts `share` of the width and height off, half on each side. */
export const crop = (p: Picture, share: number): Picture => {
  const dx = Math.round((p.width * share) / 2)
  const dy = Math.round((p.height * share) / 2)
  const width = p.width - 2 * dx
  const height = p.height - 2 * dy
  const data = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y++)
    data.set(
      p.data.subarray(((y + dy) * p.width + dx) * 4, ((y + dy) * p.width + dx + width) * 4),
      y * width * 4,
    )
  return { width, height, data }
}
