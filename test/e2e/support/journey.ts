import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { desktop, launchBrowser, newViewer, watchErrors } from './browser.ts'
import { startWebApp, type WebApp } from './server.ts'

export interface Journey {
  /** The running server (after beforeAll). */
  readonly app: WebApp
  /** A fresh browser context (a person at a device) and its page; closed after the test. */
  open(viewport?: { width: number; height: number }): Promise<Page>
  /** Signs in from the demo picker, the way a person would. */
  signInAs(page: Page, name: string): Promise<void>
  /** The server's time (the sandbox clock). */
  now(): Promise<string>
}

/**
 * One server and one Chromium per test file; every context a test opens is
 * closed after it, and an error in any of its pages fails the test.
 */
export const journey = (): Journey => {
  let app: WebApp | undefined
  let browser: Browser | undefined
  let contexts: BrowserContext[] = []
  const errors: string[] = []

  beforeAll(async () => {
    app = await startWebApp()
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await app?.close()
  })

  afterEach(async () => {
    for (const c of contexts) await c.close()
    contexts = []
    const seen = errors.splice(0)
    expect(seen, 'errors in the browser').toEqual([])
  })

  const running = (): WebApp => {
    if (!app) throw new Error('the web app is not running yet')
    return app
  }

  return {
    get app() {
      return running()
    },
    open: async (viewport = desktop) => {
      if (!browser) throw new Error('the browser is not running yet')
      const context = await newViewer(browser, viewport)
      contexts.push(context)
      const page = await context.newPage()
      watchErrors(page, errors)
      return page
    },
    signInAs: async (page, name) => {
      await page.goto(`${running().url}/`)
      await page.getByRole('heading', { name: 'Sign in to Recourse' }).waitFor()
      await page.getByRole('button', { name: new RegExp(`^Sign in as ${name}`) }).click()
      await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'))
      await page.getByRole('button', { name: 'Sign out' }).waitFor()
    },
    now: () => running().recourse.clock.now(),
  }
}
