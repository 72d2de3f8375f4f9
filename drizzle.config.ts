import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'postgresql',
  schema: [
    './src/store/schema.ts',
    './src/store/schema-money.ts',
    './src/store/schema-insights.ts',
    './src/store/schema-staff.ts',
    './src/store/schema-identity.ts',
  ],
  out: './drizzle',
})
