import { Page, TestInfo, expect } from "@playwright/test";

/** Saves a full-page screenshot to e2e/screenshots/<project>-<name>.png (git-ignored). */
export async function screenshot(page: Page, info: TestInfo, name: string) {
  await page.screenshot({ path: `screenshots/${info.project.name}-${name}.png`, fullPage: true });
}

/** Nothing sticks out sideways: the page fits the viewport's width. */
export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}
