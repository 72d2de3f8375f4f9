import { createHash, randomBytes } from 'node:crypto'

/** A random, URL-safe secret (256 bits) for links and sign-in steps. */
export const newToken = (): string => randomBytes(32).toString('base64url')

/**
 * Only this hash of a token is stored. SHA-256 without salt is enough for
 * random secrets of 128 bits and more: nobody can guess one to match a leaked hash.
 */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex')

/** Ten recovery codes like `k7q2m-x9w4t`: 50 random bits each, in an alphabet without look-alikes. */
export const newRecoveryCodes = (count = 10): string[] => {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789'
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(10)
    const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('')
    return `${chars.slice(0, 5)}-${chars.slice(5)}`
  })
}

/** Recovery codes are compared without case, spaces or the dash. */
export const normaliseRecoveryCode = (code: string): string =>
  code.toLowerCase().replace(/[\s-]/g, '')
