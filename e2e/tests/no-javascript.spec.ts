import { expect, test } from "@playwright/test";
import { screenshot } from "./support";

// Every page must work before (or without) its WASM: a cheap phone on a weak signal.
test.use({ javaScriptEnabled: false });

test("search works as a plain form", async ({ page }, info) => {
  await page.goto("/");
  await page.getByLabel("查找区县").fill("赞皇");
  await page.getByRole("button", { name: "查找" }).click();
  await expect(page).toHaveURL(/\?q=/);
  await expect(page.getByRole("heading", { name: "赞皇县" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "正定县" })).toHaveCount(0);
  await screenshot(page, info, "no-js-search");
});

test("the language switch works as a plain form", async ({ page }) => {
  await page.goto("/sign-in?county=130123");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page).toHaveURL(/\/sign-in\?county=130123$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
});

test("the sign-in form posts and answers without JavaScript", async ({ page }, info) => {
  await page.goto("/sign-in?county=130123");
  await page.getByLabel("用户名").fill("zhangsan");
  await page.getByLabel("密码").fill("wrong-password");
  await page.getByRole("button", { name: "登录" }).last().click();
  await expect(page.getByRole("alert")).toHaveText("用户名或密码错误。");
  await expect(page.getByLabel("区县")).toHaveValue("130123");
  await screenshot(page, info, "no-js-sign-in-error");
});
