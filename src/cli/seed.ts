import type { Recourse } from '../app/recourse.ts'

/** The generated marketplace lands in the next commit. */
export const seedMarketplace = async (
  _recourse: Recourse,
  _options: { orders: number; seed: string; progress: boolean },
): Promise<{ orders: number; commands: number }> => ({ orders: 0, commands: 0 })

export const ensureDemoMarketplace = async (_recourse: Recourse, _options: { progress: boolean }): Promise<void> => {}
