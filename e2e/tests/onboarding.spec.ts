import { Page, expect, test } from "@playwright/test";
import { expectNoHorizontalScroll, screenshot } from "./support";

// Each project (phone, desktop) onboards its own county, so the two can run side by side.
const counties: Record<string, { code: string; name: string }> = {
  "phone-onboarding": { code: "130125", name: "行唐县" },
  "desktop-onboarding": { code: "130126", name: "灵寿县" },
};
const DEMO_PASSWORD = "Minqing2026";

async function signIn(page: Page, county: string, username: string, password: string) {
  await page.goto("/sign-in");
  await page.locator("#county").selectOption(county);
  await page.locator("#username").fill(username);
  await page.locator("#password").fill(password);
  await page.getByRole("button", { name: "登录" }).last().click();
}

async function changePassword(page: Page, current: string, next: string) {
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText("请先修改初始密码").first()).toBeVisible();
  await page.locator("#current_password").fill(current);
  await page.locator("#new_password").fill(next);
  await page.locator("#confirm_password").fill(next);
  await page.getByRole("button", { name: "修改密码" }).click();
  await expect(page).toHaveURL(/done=password_changed/);
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "退出" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
}

test("an operator opens a county; its admin imports the tree and adds a cadre, who signs in on a phone", async ({ page }, info) => {
  test.setTimeout(90_000);
  const county = counties[info.project.name];
  const township = `${county.code}100000`;
  const village = `${county.code}100201`;

  // The operator creates the county with its first admin.
  await signIn(page, "", "operator", DEMO_PASSWORD);
  await page.goto("/counties");
  const create = page.locator('form[action="/counties"]');
  await create.locator("#code").fill(county.code);
  await create.locator("#name").fill(county.name);
  await create.locator("#province").fill("河北省");
  await create.locator("#city").fill("石家庄市");
  await create.locator("#username").fill("admin");
  await create.locator("#display_name").fill("县管理员");
  await create.locator("#password").fill("Admin2026first");
  await create.getByRole("button").click();
  await expect(page.getByRole("cell", { name: county.name, exact: true })).toBeVisible();
  await screenshot(page, info, "counties");
  await signOut(page);

  // The admin changes the initial password, then imports a township and a village.
  await signIn(page, county.code, "admin", "Admin2026first");
  await changePassword(page, "Admin2026first", "Admin2026second");
  await page.goto("/imports");
  await page.locator("#kind").selectOption("org");
  await page.locator("#file").setInputFiles({
    name: "乡镇村.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`区划代码,名称\n${township},城关镇\n${village},东关村\n`),
  });
  await page.getByRole("button", { name: "上传并检查" }).click();
  await expect(page.getByRole("button", { name: "确认导入" })).toBeVisible({ timeout: 20_000 });
  await screenshot(page, info, "import-preview");
  await page.getByRole("button", { name: "确认导入" }).click();
  await expect(page.getByText("导入完成")).toBeVisible({ timeout: 20_000 });
  await expectNoHorizontalScroll(page);

  // …and creates the village cadre there.
  await page.goto("/users/new");
  await page.locator("#username").fill("cadre1");
  await page.locator("#display_name").fill("王村官");
  await page.locator("#role").selectOption("village_cadre");
  await page.locator("#unit").selectOption({ label: await optionLabel(page, "#unit", "东关村") });
  await page.locator("#password").fill("Cadre2026first");
  await page.getByRole("button", { name: /创建|新建|保存/ }).click();
  await expect(page).toHaveURL(/done=created/);
  await signOut(page);

  // The cadre signs in on a 360-px phone and lands on the home, one tap from the visits.
  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page, county.code, "cadre1", "Cadre2026first");
  await changePassword(page, "Cadre2026first", "Cadre2026second");
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "我的待办" })).toBeVisible();
  await expect(page.getByRole("link", { name: "打开今日走访" })).toBeVisible();
  await expect(page.getByText("村干部")).toBeVisible();
  await expectNoHorizontalScroll(page);
  await screenshot(page, info, "cadre-home");
});

/** The full text of the first option of `select` that contains `text`. */
async function optionLabel(page: Page, select: string, text: string): Promise<string> {
  const label = await page
    .locator(`${select} option`, { hasText: text })
    .first()
    .textContent();
  return (label ?? text).trim();
}
