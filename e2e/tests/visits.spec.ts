import { Page, expect, test } from "@playwright/test";
import { expectNoHorizontalScroll, screenshot } from "./support";

// The village cadre's day on a phone: today's tasks, a must-visit where nobody was met (the task
// stays on the list), then a visit where the family was met and raised a concern (coverage
// rises).
// Each project works in its own demo county so the two can run side by side.
const county: Record<string, string> = { phone: "130123", desktop: "130131" };
const DEMO_PASSWORD = "Minqing2026";

async function signIn(page: Page, code: string) {
  await page.goto("/sign-in");
  await page.locator("#county").selectOption(code);
  await page.locator("#username").fill("cadre");
  await page.locator("#password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).last().click();
  await expect(page).not.toHaveURL(/sign-in/);
}

/** The demo winter campaign's coverage as the cadre sees it (their community). */
async function coverage(page: Page) {
  const list = await (await page.request.get("/api/v1/campaigns")).json();
  const winter = list.items.find((c: { name: string }) => c.name === "冬季入户大走访");
  const cov = await (await page.request.get(`/api/v1/campaigns/${winter.id}/coverage`)).json();
  return { id: winter.id as string, met: cov.total.met as number, target: cov.total.target as number };
}

test("a cadre records a visit nobody answered, then one where the family raised a concern", async ({ page }, info) => {
  test.setTimeout(60_000);
  await signIn(page, county[info.project.name]);
  await page.goto("/visits");
  const due = page.locator("section", { has: page.getByRole("heading", { name: "今日待办" }) });
  await expect(due.locator("li.card")).toHaveCount(2);
  await expect(due.locator("li.card.overdue")).toHaveCount(1);
  await expectNoHorizontalScroll(page);
  await screenshot(page, info, "visits-home");
  const before = await coverage(page);
  expect(before.target).toBe(12);

  // The task due today: nobody is home.
  const card = due.locator("li.card:not(.overdue)");
  const head = (await card.locator(".card-title").textContent())!.trim();
  await card.getByRole("link", { name: "记录走访" }).click();
  await expect(page).toHaveURL(/\/visits\/new\?household=.+&task=/);
  await expect(page.getByRole("heading", { name: head })).toBeVisible();
  await page.getByLabel("未见到人").check();
  await expect(page.getByText("群众态度")).toBeHidden();
  await expectNoHorizontalScroll(page);
  await screenshot(page, info, "visit-form-not-met");
  await page.getByRole("button", { name: "提交走访记录" }).click();
  await expect(page.locator("#visit-status")).toContainText("这项待办保留");
  await expect(page).toHaveURL(/\/visits\/new/); // answered in place, no reload
  expect((await coverage(page)).met).toBe(before.met);

  // The must-visit is still on the home, not turned into a 补访; the family is met this time
  // and raises a concern.
  await page.getByRole("link", { name: "返回走访首页" }).first().click();
  const still = due.locator("li.card", { hasText: head });
  await expect(still).toHaveCount(1);
  await expect(still.filter({ hasText: "补访" })).toHaveCount(0);
  await screenshot(page, info, "visits-home-still-open");
  await still.getByRole("link", { name: "记录走访" }).click();
  await page.getByLabel("见到人", { exact: true }).check();
  await page.getByLabel("满意", { exact: true }).check();
  await page.getByLabel("见到谁").fill("户主本人");
  await page.getByLabel("反映的问题（每行一条）").fill("村口道路破损，雨天积水");
  await screenshot(page, info, "visit-form-met");
  await page.getByRole("button", { name: "提交走访记录" }).click();
  await expect(page.locator("#visit-status")).toHaveText("走访已记录。");
  const after = await coverage(page);
  expect(after.met).toBe(before.met + 1);

  // The visit is in the household's history with its concern.
  await page.goto("/visits");
  const recent = page.locator("section", { has: page.getByRole("heading", { name: "我最近的走访" }) });
  await expect(recent.locator("li.card").first()).toContainText(head);
  await expect(recent.locator("li.card").first()).toContainText("反映问题 1 条");
  await page.goto(`/campaigns/${after.id}`);
  await expectNoHorizontalScroll(page);
  await screenshot(page, info, "campaign-coverage");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the visit form posts, keeps what was typed on an error, and records once", async ({ page }, info) => {
    await signIn(page, "130129");
    await page.goto("/visits");
    const upcoming = page.locator("section", { has: page.getByRole("heading", { name: "即将到期" }) });
    // Phone and desktop take different families of the same village.
    const card = upcoming.locator("li.card").nth(info.project.name === "phone" ? 2 : 3);
    await card.getByRole("link", { name: "记录走访" }).click();
    await page.getByLabel("见到人", { exact: true }).check();
    await page.getByLabel("备注").fill("家中老人身体尚好");
    await page.getByRole("button", { name: "提交走访记录" }).click();
    // No attitude chosen: refused, and the notes are still there.
    await expect(page).toHaveURL(/\/visits\/new\?error=attitude_required/);
    await expect(page.getByRole("alert")).toContainText("请选择群众态度");
    await expect(page.getByLabel("备注")).toHaveValue("家中老人身体尚好");
    await page.getByLabel("基本满意").check();
    await page.getByRole("button", { name: "提交走访记录" }).click();
    await expect(page).toHaveURL(/\/visits\?done=visit_recorded/);
    await expect(page.getByRole("status").first()).toHaveText("走访已记录。");
    await screenshot(page, info, "no-js-visit-recorded");
    // Back and submit again (a retry of the same form): still one visit.
    await page.goBack();
    await page.getByLabel("基本满意").check();
    await page.getByRole("button", { name: "提交走访记录" }).click();
    await expect(page.getByRole("status").first()).toHaveText("这次走访已经记录过了，没有重复记录。");
  });
});
