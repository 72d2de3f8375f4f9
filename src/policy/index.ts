export * from './types.ts'
export * from './presets.ts'
export * from './time.ts'
export * from './vocabulary.ts'
