import { deflateSync } from 'node:zlib'

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

const crc32 = (bytes: Buffer): number => {
  let c = 0xffffffff
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

const chunk = (type: string, data: Buffer): Buffer => {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

type Rgb = readonly [number, number, number]

/**
 * A real PNG (the server sniffs content, so it must be one): a photo-like
 * picture of a garment on a table with a dark mark, to look like evidence in
 * screenshots. `tint` varies it between photos.
 */
export const evidencePhoto = (tint: Rgb = [74, 111, 165], width = 320, height = 240): Buffer => {
  const rows: Buffer[] = []
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3)
    for (let x = 0; x < width; x++) {
      const table = 236 - Math.round((y / height) * 22)
      let px: Rgb = [table, table - 4, table - 12]
      const inGarment =
        x > width * 0.22 && x < width * 0.78 && y > height * 0.12 && y < height * 0.92
      const sleeve =
        y > height * 0.12 &&
        y < height * 0.55 &&
        ((x > width * 0.08 && x <= width * 0.22) || (x >= width * 0.78 && x < width * 0.92))
      if (inGarment || sleeve) {
        const shade = 0.85 + 0.15 * Math.sin((x + y) / 9)
        px = [tint[0] * shade, tint[1] * shade, tint[2] * shade].map(Math.round) as unknown as Rgb
      }
      const dx = x - width * 0.58
      const dy = y - height * 0.6
      if (dx * dx + dy * dy * 2 < 260) px = [58, 42, 30]
      row[1 + x * 3] = px[0]
      row[2 + x * 3] = px[1]
      row[3 + x * 3] = px[2]
    }
    rows.push(row)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 8 // bit depth
  header[9] = 2 // truecolour RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** Text that calls itself a photo: the server judges by content and refuses it. */
export const notAPhoto = (): Buffer =>
  Buffer.from('These are my notes about the jacket, not a picture.\n')
