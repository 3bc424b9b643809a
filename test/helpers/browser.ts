import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser } from 'playwright-core';

/**
 * Real headless Chromium for browser tests, with nothing downloaded at run time:
 * `@sparticuz/chromium` ships the binary inside its npm package (unpacked to the temp
 * directory on first use). `CHROMIUM_PATH` points at another one (Debian's `chromium`).
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH || (await chromium.executablePath());
  return playwright.launch({ executablePath, args: process.env.CHROMIUM_PATH ? [] : chromium.args, headless: true });
}
