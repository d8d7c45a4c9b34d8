import { expect, test } from "@playwright/test";
import { expectNoHorizontalScroll, screenshot } from "./support";

test("the landing page lists the counties in Chinese", async ({ page }, info) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("用心听民声，用情解民忧");
  for (const county of ["正定县", "平山县", "赞皇县"]) {
    await expect(page.getByRole("heading", { name: county })).toBeVisible();
  }
  await expectNoHorizontalScroll(page);
  await screenshot(page, info, "landing-zh");
});

test("the English switch changes the language and remembers it", async ({ page }, info) => {
  await page.goto("/");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Listen to residents, solve their problems",
  );
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
  await expectNoHorizontalScroll(page);
  await screenshot(page, info, "sign-in-en");
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("登录");
});

test("the landing page loads no script: the county search is a plain form", async ({ page }, info) => {
  const scripts: string[] = [];
  page.on("request", (r) => {
    if (["script", "fetch"].includes(r.resourceType()) || r.url().includes("/pkg/")) scripts.push(r.url());
  });
  await page.goto("/");
  await page.getByLabel("查找区县").fill("平山");
  await page.getByRole("button", { name: "查找" }).click();
  await expect(page).toHaveURL(/\?q=/);
  await expect(page.getByRole("heading", { name: "平山县" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "正定县" })).toHaveCount(0);
  await expect(page.getByText("共 1 个区县")).toBeVisible();
  expect(scripts).toEqual([]);
  await screenshot(page, info, "landing-search");
});

test("a county card leads to its sign-in", async ({ page }, info) => {
  await page.goto("/");
  await page.getByRole("listitem").filter({ hasText: "赞皇县" }).getByRole("link", { name: "进入登录" }).click();
  await expect(page).toHaveURL(/\/sign-in\?county=130129$/);
  await expect(page.getByLabel("区县")).toHaveValue("130129");
  await expectNoHorizontalScroll(page);
  await screenshot(page, info, "sign-in-zh");
});

test("an unknown page says so in Chinese", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("页面不存在");
});
