import { describe, expect, it } from 'vitest'
import { defaultScryptParams, hashPassword, verifyPassword } from './passwords.ts'

describe('password hashing (scrypt)', () => {
  it('hashes with the documented production parameters and verifies', async () => {
    const hash = await hashPassword('violet kettle under the bridge')
    expect(hash).toMatch(/^scrypt\$15\$8\$3\$[\w-]{22}\$[\w-]{43}$/)
    expect(await verifyPassword(hash, 'violet kettle under the bridge')).toEqual({
      ok: true,
      rehash: false,
    })
    expect(await verifyPassword(hash, 'violet kettle under the bridgE')).toEqual({
      ok: false,
      rehash: false,
    })
  }, 60_000)

  it('salts every hash, and asks to rehash one made with other parameters', async () => {
    const cheap = { logN: 10, r: 8, p: 1 }
    const a = await hashPassword('same password here', cheap)
    const b = await hashPassword('same password here', cheap)
    expect(a).not.toBe(b)
    expect(await verifyPassword(a, 'same password here', defaultScryptParams)).toEqual({
      ok: true,
      rehash: true,
    })
  }, 60_000)

  it('answers no for a missing hash after doing the same work', async () => {
    expect(await verifyPassword(null, 'anything at all', { logN: 10, r: 8, p: 1 })).toEqual({
      ok: false,
      rehash: false,
    })
  })
})
