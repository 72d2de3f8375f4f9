import { describe, expect, it } from 'vitest'
import { word, wordTables } from './email-templates.ts'
import { SUPPORTED_LANGUAGES } from './translation.ts'

describe('the words notifications use for codes', () => {
  for (const lang of SUPPORTED_LANGUAGES) {
    it(`${lang}: a code in two tables is said the same way in both`, () => {
      const said = new Map<string, string>()
      for (const table of wordTables(lang)) {
        for (const [code, words] of Object.entries(table)) {
          expect(said.get(code) ?? words, `${lang} ${code}`).toBe(words)
          said.set(code, words)
        }
      }
    })
  }

  it('says a case reason, an outcome and a cancellation reason in the recipient’s language', () => {
    expect(word('en', 'not_as_described')).toBe('not as described')
    expect(word('es', 'seller_favor')).toBe('a favor del vendedor')
    expect(word('fr', 'order_mistake')).toBe('commandé par erreur')
  })

  it('reads a code no table has as the code with spaces', () => {
    expect(word('pt', 'something_new')).toBe('something new')
  })
})
