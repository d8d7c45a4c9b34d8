import { Browser, BrowserContextOptions, Locator, Page, TestInfo, expect, test } from "@playwright/test";
import { expectNoHorizontalScroll, screenshot } from "./support";

// The grievance loop through the real screens, as issue 5 asks: a resident reports a problem
// on a 360-px phone and gets a tracking code → the township dispatcher accepts it and assigns
// it to a department → the department takes it up and replies → the resident rates the reply
// 不满意 (the case goes back for redo) → the department replies again → the resident rates it
// 满意 → the dispatcher closes it; the resident's tracking page shows every step.
// Each project works in its own demo county so the two can run side by side.
const counties: Record<string, { code: string; name: string; township: string; phone: string }> = {
  phone: { code: "130123", name: "正定县", township: "正定镇", phone: "13903111234" },
  desktop: { code: "130131", name: "平山县", township: "平山镇", phone: "13903115678" },
};
const DEMO_PASSWORD = "Minqing2026";
// The demo's first department (县委政法委, account `dept`) leads 涉法涉诉 by the routing rules;
// the first township's admin (`township`) dispatches the cases of its villages.
const CATEGORY = "涉法涉诉";
const DEPARTMENT = "县委政法委";
const VILLAGE = "南街村";
// MINQING_CHALLENGE_MIN_SECONDS: the least time between opening the public form and sending it.
const MIN_FILL_SECONDS = Number(process.env.MINQING_CHALLENGE_MIN_SECONDS ?? 3);

/** The resident is on a 360-px phone in every project (the same device as the phone project). */
function residentDevice(info: TestInfo): BrowserContextOptions {
  const { baseURL, locale } = info.project.use;
  return { baseURL, locale, viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, hasTouch: true };
}

/** Staff work on the project's own device. */
function staffDevice(info: TestInfo): BrowserContextOptions {
  const { baseURL, locale, viewport, deviceScaleFactor, hasTouch } = info.project.use;
  return { baseURL, locale, viewport, deviceScaleFactor, hasTouch };
}

/** A staff account signed in, in a context of its own. */
async function staff(browser: Browser, info: TestInfo, county: string, username: string) {
  const context = await browser.newContext(staffDevice(info));
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.locator("#county").selectOption(county);
  await page.locator("#username").fill(username);
  await page.locator("#password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).last().click();
  await expect(page).not.toHaveURL(/sign-in/);
  return page;
}

/** The resident looks their case up with the code and the phone's last four digits. */
async function track(page: Page, county: string, code: string, phone: string) {
  await page.goto(`/c/${county}/track`);
  await page.getByLabel("查询码").fill(code);
  await page.getByLabel("手机号后四位").fill(phone.slice(-4));
  await page.getByRole("button", { name: "查询", exact: true }).click();
  await expect(page).toHaveURL(/\/track\?code=.+&phone_last4=\d{4}/);
  await expect(page.locator(".tracking-code")).toHaveText(code);
  await expectNoHorizontalScroll(page);
}

/** The resident's timeline, step by step in plain words (each line starts with its time). */
function expectSteps(page: Page, steps: string[]) {
  return expect(page.locator("ol.timeline li")).toHaveText(steps.map((s) => new RegExp(`${s}$`)));
}

/** The reply as the tracking page shows it (the description is a `p.reply` too). */
function replyOn(page: Page): Locator {
  return page.locator("h2:text-is('答复') + p.reply");
}

/** Takes a step on the case page and waits for the page to come back with it done. */
async function step(page: Page, button: string, fill?: (form: Locator) => Promise<void>) {
  const form = page.locator("form", { has: page.getByRole("button", { name: button, exact: true }) });
  if (fill) {
    // Steps with fields fold into a <details> whose summary names the step.
    await page.locator("details.step > summary", { hasText: new RegExp(`^${button}$`) }).click();
    await fill(form);
  }
  await form.getByRole("button", { name: button, exact: true }).click();
  await expect(page).toHaveURL(/\/grievances\/[0-9a-f-]+\?done=case_updated$/);
  await expect(page.getByRole("status").first()).toHaveText("已办理，案件已更新。");
}

/** The case page's status line (first fact). */
function status(page: Page) {
  return page.locator("dl.user-facts dd").first();
}

/** The buttons of the steps the signed-in account can take now, in page order. */
function stepNames(page: Page) {
  return page.locator("section[aria-labelledby=act]").locator(".step-buttons button, details.step summary");
}

test("a resident's grievance goes round the whole loop, with one redo, and is closed", async ({ browser }, info) => {
  test.setTimeout(120_000);
  const county = counties[info.project.name];
  const resident = await (await browser.newContext(residentDevice(info))).newPage();

  // The resident finds the county's page from the landing page and fills the form.
  await resident.goto("/");
  await resident
    .getByRole("listitem")
    .filter({ has: resident.getByRole("heading", { name: county.name }) })
    .getByRole("link", { name: "反映问题" })
    .click();
  await expect(resident).toHaveURL(new RegExp(`/c/${county.code}/report$`));
  await expect(resident.getByRole("heading", { level: 1 })).toHaveText(`${county.name} · 反映问题`);
  // The challenge's token carries its issue time (Unix seconds) first: the form is accepted
  // MIN_FILL_SECONDS after that, so the wait below is exactly what is left of it.
  const token = await resident.locator("input[name=challenge]").inputValue();
  const issued = Number(token.split(".")[0]);
  expect(issued).toBeGreaterThan(0);
  await resident.getByLabel("您的姓名").fill("赵红梅");
  await resident.getByLabel("手机号码").fill(county.phone);
  const village = resident.locator(`optgroup[label="${county.township}"] option`, { hasText: VILLAGE });
  await resident.getByLabel("问题发生地").selectOption((await village.getAttribute("value"))!);
  await resident.getByLabel("问题类别").selectOption({ label: CATEGORY });
  const description = `${info.project.name}：宅基地纠纷法院已判决一年，至今未执行，请求协调。`;
  await resident.getByLabel("具体情况").fill(description);
  const question = (await resident.locator("label[for=answer]").textContent())!;
  const sum = question.match(/(\d+)\s*\+\s*(\d+)\s*=\s*\?/);
  expect(sum, `the challenge asks a sum: ${question}`).not.toBeNull();
  await resident.getByLabel(question).fill(String(Number(sum![1]) + Number(sum![2])));
  await expectNoHorizontalScroll(resident);
  await screenshot(resident, info, "grievance-report-form");
  const left = (issued + MIN_FILL_SECONDS) * 1000 - Date.now();
  if (left > 0) await resident.waitForTimeout(left + 100);
  await resident.getByRole("button", { name: "提交", exact: true }).click();

  // The answer: a tracking code.
  await expect(resident).toHaveURL(new RegExp(`/c/${county.code}/report/done\\?code=[A-Z0-9]+$`));
  await expect(resident.getByRole("heading", { level: 1 })).toHaveText("提交成功");
  const code = (await resident.locator(".tracking-code").textContent())!.trim();
  expect(code).toMatch(/^[A-Z0-9]{4,16}$/);
  await expectNoHorizontalScroll(resident);
  await screenshot(resident, info, "grievance-report-done");

  // The tracking page (linked from the answer): registered, no reply, nothing to rate yet.
  await resident.getByRole("link", { name: "查询办理进度" }).click();
  await expect(resident).toHaveURL(new RegExp(`/c/${county.code}/track$`));
  await track(resident, county.code, code, county.phone);
  await expectSteps(resident, ["您反映的问题已登记。"]);
  await expect(resident.locator("p.reply").first()).toHaveText(description);
  await expect(replyOn(resident)).toHaveCount(0);
  await expect(resident.getByRole("button", { name: "提交评价" })).toHaveCount(0);
  await screenshot(resident, info, "grievance-track-registered");

  // The township dispatcher finds it in the ledger, accepts it and assigns it.
  const dispatcher = await staff(browser, info, county.code, "township");
  await dispatcher.goto("/grievances");
  await dispatcher.getByRole("searchbox", { name: "编号" }).fill(code);
  await dispatcher.getByRole("button", { name: "筛选" }).click();
  await expect(dispatcher).toHaveURL(new RegExp(`[?&]code=${code}`));
  await expect(dispatcher.locator("table.data tbody tr")).toHaveCount(1);
  await screenshot(dispatcher, info, "grievance-ledger");
  await dispatcher.getByRole("link", { name: code }).click();
  await expect(dispatcher).toHaveURL(/\/grievances\/[0-9a-f-]+$/);
  const casePath = new URL(dispatcher.url()).pathname;
  await expect(dispatcher.getByRole("heading", { level: 1 })).toHaveText(`诉求件 ${code}`);
  await expect(status(dispatcher)).toContainText("待受理");
  await expect(dispatcher.getByText(description)).toBeVisible();
  await expectNoHorizontalScroll(dispatcher);
  await screenshot(dispatcher, info, "grievance-case-registered");
  await step(dispatcher, "受理");
  await expect(status(dispatcher)).toContainText("已受理待交办");
  await expect(dispatcher.getByRole("button", { name: "受理", exact: true })).toHaveCount(0);
  await step(dispatcher, "交办", async (form) => {
    // The routing rules preselect the department for the category.
    await expect(form.getByLabel("主办单位").locator("option:checked")).toHaveText(DEPARTMENT);
    await form.getByLabel("主办单位").selectOption({ label: DEPARTMENT });
  });
  await expect(status(dispatcher)).toContainText("已交办");
  await expect(dispatcher.locator("dl.user-facts")).toContainText(DEPARTMENT);
  // Taking it up and replying are the department's steps, not the dispatcher's.
  await expect(stepNames(dispatcher).filter({ hasText: /^(签收办理|答复群众)$/ })).toHaveCount(0);
  await expectNoHorizontalScroll(dispatcher);
  await screenshot(dispatcher, info, "grievance-case-assigned");

  await track(resident, county.code, code, county.phone);
  await expectSteps(resident, ["您反映的问题已登记。", "已受理，正在安排办理单位。", "已交由责任单位办理。"]);

  // The department finds it in its inbox, takes it up and replies.
  const dept = await staff(browser, info, county.code, "dept");
  await dept.goto("/inbox");
  await dept.getByRole("link", { name: `交办给本单位 · ${code}` }).click();
  await expect(dept).toHaveURL(new RegExp(`${casePath}$`));
  await expect(stepNames(dept).filter({ hasText: /^(受理|交办|销号办结)$/ })).toHaveCount(0);
  await step(dept, "签收办理");
  await expect(status(dept)).toContainText("办理中");
  const firstReply = "已约见双方，法院将于下月强制执行。";
  await step(dept, "答复群众", (form) => form.getByLabel("答复内容（写给群众）").fill(firstReply));
  await expect(status(dept)).toContainText("已答复待回访");
  await expectNoHorizontalScroll(dept);
  await screenshot(dept, info, "grievance-case-replied");

  // The resident reads the reply and is not satisfied: the case goes back for redo.
  await track(resident, county.code, code, county.phone);
  await expect(replyOn(resident)).toHaveText(firstReply);
  await screenshot(resident, info, "grievance-track-replied");
  await resident.getByLabel("不满意", { exact: true }).check();
  await resident.getByLabel("想说的话（可不填）").fill("说了下月，已经拖了一年。");
  await resident.getByRole("button", { name: "提交评价" }).click();
  // The code and the digits stay out of the address: the server keeps them for this page.
  await expect(resident).toHaveURL(/\/track\?done=rated&kept=[0-9a-f]{32}$/);
  await expect(resident.getByRole("status").first()).toHaveText("感谢您的评价。");
  await expectSteps(resident, [
    "您反映的问题已登记。",
    "已受理，正在安排办理单位。",
    "已交由责任单位办理。",
    "责任单位正在办理。",
    "已答复，请查看答复并评价。",
    "您对答复不满意，已重新办理。",
  ]);
  // During the redo the old reply no longer stands, and there is nothing to rate.
  await expect(replyOn(resident)).toHaveCount(0);
  await expect(resident.getByRole("button", { name: "提交评价" })).toHaveCount(0);
  await expectNoHorizontalScroll(resident);
  await screenshot(resident, info, "grievance-track-redo");

  // The department sees the redo in its inbox and replies again.
  await dept.goto("/inbox");
  await dept.getByRole("link", { name: `回访不满意，需重办 · ${code}` }).click();
  await expect(dept).toHaveURL(new RegExp(`${casePath}$`));
  await expect(status(dept)).toContainText("办理中");
  await expect(dept.locator("dl.user-facts")).toContainText("不满意");
  const secondReply = "法院已强制执行，宅基地已腾退，请您查看。";
  await step(dept, "答复群众", (form) => form.getByLabel("答复内容（写给群众）").fill(secondReply));
  await expect(status(dept)).toContainText("已答复待回访");

  // This time the resident is satisfied.
  await track(resident, county.code, code, county.phone);
  await expect(replyOn(resident)).toHaveText(secondReply);
  await resident.getByLabel("满意", { exact: true }).check();
  await resident.getByRole("button", { name: "提交评价" }).click();
  await expect(resident).toHaveURL(/\?done=rated&kept=[0-9a-f]{32}$/);
  await expect(resident.getByRole("status").first()).toHaveText("感谢您的评价。");
  await expect(resident.locator("dt:text-is('您的评价') + dd")).toHaveText("满意");

  // The dispatcher closes it (销号).
  await dispatcher.goto(casePath);
  await expect(status(dispatcher)).toContainText("已回访待销号");
  await step(dispatcher, "销号办结");
  await expect(status(dispatcher)).toContainText("已办结");
  await expect(dispatcher.getByText("您现在不能对本件进行操作。")).toBeVisible();
  const timeline = dispatcher.locator("section[aria-labelledby=timeline] ol.timeline li strong");
  await expect(timeline).toHaveText([
    "登记", "受理", "交办", "签收办理", "答复群众", "回访不满意，重办", "答复群众", "回访", "销号办结",
  ]);
  await expectNoHorizontalScroll(dispatcher);
  await screenshot(dispatcher, info, "grievance-case-closed");

  // The resident's page shows each step and the closed status, with the reply that stood.
  await track(resident, county.code, code, county.phone);
  await expectSteps(resident, [
    "您反映的问题已登记。",
    "已受理，正在安排办理单位。",
    "已交由责任单位办理。",
    "责任单位正在办理。",
    "已答复，请查看答复并评价。",
    "您对答复不满意，已重新办理。",
    "已答复，请查看答复并评价。",
    "已回访。",
    "已办结。",
  ]);
  await expect(replyOn(resident)).toHaveText(secondReply);
  await expect(resident.getByRole("button", { name: "提交评价" })).toHaveCount(0);
  // Never staff names or internal words on the resident's page.
  await expect(resident.locator("body")).not.toContainText("乡镇管理员");
  await expect(resident.locator("body")).not.toContainText("部门工作人员");
  await screenshot(resident, info, "grievance-track-closed");
});
