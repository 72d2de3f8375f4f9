import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const testDataRoot = fileURLToPath(new URL('../../.test-data', import.meta.url))
export const templateDir = (hash: string): string => join(testDataRoot, `template-${hash}`)
