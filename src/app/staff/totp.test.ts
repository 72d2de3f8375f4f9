import { describe, expect, it } from 'vitest'
import {
  base32Decode,
  base32Encode,
  hotp,
  matchTotp,
  otpauthUri,
  totpCode,
  totpStep,
} from './totp.ts'

// RFC 4226 appendix D and RFC 6238 appendix B use the ASCII secret "12345678901234567890".
const rfcKey = Buffer.from('12345678901234567890')
const rfcSecret = base32Encode(rfcKey)

describe('HOTP and TOTP against the RFC test vectors', () => {
  it('HOTP (RFC 4226 appendix D), counters 0–9', () => {
    expect(Array.from({ length: 10 }, (_, c) => hotp(rfcKey, c))).toEqual([
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ])
  })
  it('TOTP with SHA-1 (RFC 6238 appendix B), 8 digits', () => {
    const at = (seconds: number) => hotp(rfcKey, totpStep(seconds * 1000), 8)
    expect([59, 1111111109, 1111111111, 1234567890, 2000000000, 20000000000].map(at)).toEqual([
      '94287082',
      '07081804',
      '14050471',
      '89005924',
      '69279037',
      '65353130',
    ])
  })
  it('base32 round-trips and ignores case and spaces', () => {
    expect(base32Decode(rfcSecret.toLowerCase().replace(/(.{4})/g, '$1 '))).toEqual(rfcKey)
    expect(rfcSecret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')
    expect(base32Decode('not base32!')).toBeNull()
  })
})

describe('matching a code', () => {
  const now = Date.parse('2026-12-08T10:00:10Z')
  const step = totpStep(now)

  it('accepts the current step and one either side, not two', () => {
    expect(matchTotp(rfcSecret, totpCode(rfcSecret, now), now, null)).toBe(step)
    expect(matchTotp(rfcSecret, totpCode(rfcSecret, now - 30_000), now, null)).toBe(step - 1)
    expect(matchTotp(rfcSecret, totpCode(rfcSecret, now + 30_000), now, null)).toBe(step + 1)
    expect(matchTotp(rfcSecret, totpCode(rfcSecret, now - 60_000), now, null)).toBeNull()
    expect(matchTotp(rfcSecret, totpCode(rfcSecret, now + 60_000), now, null)).toBeNull()
  })
  it('refuses a code whose step was already used, or an older one', () => {
    const code = totpCode(rfcSecret, now)
    expect(matchTotp(rfcSecret, code, now, step)).toBeNull()
    expect(matchTotp(rfcSecret, totpCode(rfcSecret, now - 30_000), now, step)).toBeNull()
  })
  it('refuses anything that is not six digits', () => {
    expect(matchTotp(rfcSecret, '12345', now, null)).toBeNull()
    expect(matchTotp(rfcSecret, 'abcdef', now, null)).toBeNull()
  })
  it('writes the otpauth URI authenticator apps scan', () => {
    expect(otpauthUri('ABC', 'ana@shop.example', 'Recourse')).toBe(
      'otpauth://totp/Recourse%3Aana%40shop.example?secret=ABC&issuer=Recourse&algorithm=SHA1&digits=6&period=30',
    )
  })
})
