import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { generated, withGenerated } from '../scripts/docs-generate.ts'

describe('the generated parts of docs/', () => {
  for (const g of generated) {
    it(`${g.file} shows ${g.name} as the code has it (npm run docs:generate)`, () => {
      const page = readFileSync(new URL(`../${g.file}`, import.meta.url), 'utf8')
      expect(page).toBe(withGenerated(page, g))
    })
  }
})

describe('the policy knob catalogue', () => {
  it('src/http/schemas/policy-knobs.ts is what the JSDoc in src/policy/types.ts generates (npm run docs:generate)', async () => {
    const { knobModuleFile, readKnobCatalog, renderKnobModule } =
      await import('../scripts/policy-knobs.ts')
    expect(readFileSync(knobModuleFile, 'utf8')).toBe(await renderKnobModule(readKnobCatalog()))
  })
})
