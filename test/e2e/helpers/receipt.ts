/** The receipt a citizen gets after sending a public form, as the browser journeys read it. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** A receipt code: three groups of four and the check character (decision 004). */
export const RECEIPT = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z*~$=]$/;

/** Presses "Gửi" and returns the receipt code the page shows, after checking the server knows it. */
export async function submitAndReadReceipt(page: Page, base: string): Promise<string> {
  await page.getByRole('button', { name: 'Gửi' }).click();
  const link = page.locator('a[href^="/r/"]');
  await link.waitFor({ timeout: 15_000 });
  const code = (await link.getAttribute('href'))!.slice('/r/'.length);
  expect(code).toMatch(RECEIPT);
  const res = await fetch(`${base}/api/public/receipts/${code}`);
  expect(res.status, `receipt ${code} is not known to the server`).toBe(200);
  return code;
}
