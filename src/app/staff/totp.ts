import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP), the codes
 * authenticator apps show: HMAC-SHA1, 6 digits, 30-second steps counted from
 * the Unix epoch. Secrets travel in base32 (RFC 4648), as apps expect in an
 * `otpauth://` URI.
 */
export const TOTP_STEP_SECONDS = 30
export const TOTP_DIGITS = 6
/** Steps either side of now that still count: a phone clock 30 s off, or a code typed as it changed. */
export const TOTP_WINDOW = 1

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export const base32Encode = (bytes: Uint8Array): string => {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31]
  return out
}

/** Decodes base32, ignoring case, spaces and padding; null when it is not base32. */
export const base32Decode = (text: string): Buffer | null => {
  const clean = text.replace(/[\s=]/g, '').toUpperCase()
  let bits = 0
  let value = 0
  const out: number[] = []
  for (const ch of clean) {
    const index = ALPHABET.indexOf(ch)
    if (index < 0) return null
    value = ((value << 5) | index) & 0xffff
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/** A fresh secret: 20 random bytes (160 bits, RFC 4226's recommended length), base32. */
export const newTotpSecret = (): string => base32Encode(randomBytes(20))

/** HOTP (RFC 4226 §5.3): the code for one counter value. */
export const hotp = (key: Buffer, counter: number, digits = TOTP_DIGITS): string => {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac('sha1', key).update(message).digest()
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f
  const binary = mac.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 10 ** digits).padStart(digits, '0')
}

/** The 30-second step an instant falls in. */
export const totpStep = (epochMs: number): number => Math.floor(epochMs / 1000 / TOTP_STEP_SECONDS)

/** The code an authenticator shows at `epochMs` for this base32 secret. */
export const totpCode = (secret: string, epochMs: number): string => {
  const key = base32Decode(secret)
  if (!key) throw new Error('TOTP secret is not base32')
  return hotp(key, totpStep(epochMs))
}

/**
 * The step whose code `code` is, within ±`TOTP_WINDOW` steps of now and
 * after `lastStep` (a code accepted once, or one older than it, is refused:
 * RFC 6238 §5.2), or null. The caller records the step it returns.
 */
export const matchTotp = (
  secret: string,
  code: string,
  epochMs: number,
  lastStep: number | null,
): number | null => {
  const key = base32Decode(secret)
  const given = code.replace(/\s/g, '')
  if (!key || !/^\d{6}$/.test(given)) return null
  const now = totpStep(epochMs)
  for (let step = now - TOTP_WINDOW; step <= now + TOTP_WINDOW; step++) {
    if (lastStep !== null && step <= lastStep) continue
    if (timingSafeEqual(Buffer.from(hotp(key, step)), Buffer.from(given))) return step
  }
  return null
}

/** What an authenticator app scans (Google's Key URI format, the de-facto standard). */
export const otpauthUri = (secret: string, account: string, issuer: string): string => {
  const label = encodeURIComponent(`${issuer}:${account}`)
  const query = new URLSearchParams({
    secret,
    issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_STEP_SECONDS),
  })
  return `otpauth://totp/${label}?${query.toString()}`
}
