import { commonPasswords } from './common-passwords.ts'
import type { StaffRejection } from './rejections.ts'

/**
 * Password rules for staff accounts, after NIST SP 800-63B §5.1.1.2: a
 * length floor, a ceiling, and a check against passwords known to be common;
 * no composition rules (they make passwords worse) and no forced rotation.
 */
export const passwordRules = {
  /**
   * Characters at least. NIST asks 8 for a memorised secret chosen by a
   * person; staff accounts decide refunds, so 12 (OWASP ASVS 2.1.1).
   * @default 12
   */
  minLength: 12,
  /**
   * Characters at most: long enough for any passphrase or password manager,
   * short enough that hashing one costs what hashing any other does.
   * @default 128
   */
  maxLength: 128,
} as const

/** Null when the password may be used, else why not. Counts characters (code points), not bytes. */
export const checkPassword = (
  password: string,
  email: string | null,
  rules: { readonly minLength: number; readonly maxLength: number } = passwordRules,
): StaffRejection | null => {
  const length = [...password].length
  if (length < rules.minLength) return { code: 'PASSWORD_TOO_SHORT', minimum: rules.minLength }
  if (length > rules.maxLength) return { code: 'PASSWORD_TOO_LONG', maximum: rules.maxLength }
  const folded = password.toLowerCase()
  if (commonPasswords.has(folded) || new Set(folded).size <= 2)
    return { code: 'PASSWORD_TOO_COMMON' }
  if (email) {
    const address = email.trim().toLowerCase()
    const local = address.split('@')[0] ?? ''
    if (folded.includes(address) || (local.length >= 4 && folded.includes(local)))
      return { code: 'PASSWORD_CONTAINS_EMAIL' }
  }
  return null
}
