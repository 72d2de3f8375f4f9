import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { AxeBuilder } from '@axe-core/playwright'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { expect } from 'vitest'

/** Debian's Chromium (apt-get install chromium); never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

export const screenshotDir = fileURLToPath(
  new URL('../../../artifacts/screenshots', import.meta.url),
)

/** The viewer the journeys play: a desktop in New York, or a phone. */
export const TIME_ZONE = 'America/New_York'
export const LOCALE = 'en-US'
export const desktop = { width: 1280, height: 800 }
export const phone = { width: 375, height: 812 }

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', ...FLAGS] })

export const newViewer = async (browser: Browser, viewport = desktop): Promise<BrowserContext> => {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: viewport === phone ? 2 : 1,
    isMobile: viewport === phone,
    hasTouch: viewport === phone,
    timezoneId: TIME_ZONE,
    locale: LOCALE,
    reducedMotion: 'reduce',
  })
  context.setDefaultTimeout(15_000)
  return context
}

/** Browser errors fail the journey: an uncaught exception is a bug even if the page looks fine. */
export const watchErrors = (page: Page, errors: string[] = []): string[] => {
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text()))
      errors.push(`console: ${m.text()}`)
  })
  return errors
}

/** axe-core on the page as it is: no serious or critical violation. */
export const expectAccessible = async (page: Page, name: string): Promise<void> => {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze()
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    )
  expect(bad, `axe on ${name}`).toEqual([])
}

/** A screenshot under artifacts/screenshots (kept by CI) once fonts are in and the page is still. */
export const snap = async (
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string> => {
  mkdirSync(screenshotDir, { recursive: true })
  // A string, so this file needs no DOM types: it runs in the page.
  // Scrolled to the top, so the sticky top bar sits where it belongs in a full-page capture.
  await page.evaluate('window.scrollTo(0, 0); document.fonts.ready.then(() => true)')
  const path = join(screenshotDir, `${name}.png`)
  await page.screenshot({ path, fullPage: options.fullPage ?? true, animations: 'disabled' })
  return path
}

/** The time as the viewer's browser writes it ("2:03 PM"), for asserting sentences. */
export const viewerTime = (iso: string): string =>
  new Intl.DateTimeFormat(LOCALE, {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: TIME_ZONE,
  }).format(new Date(iso))
