import { defineConfig } from "@playwright/test";

// Debian's Chromium, never a downloaded browser. The flags keep it off the (closed) network.
const chromium = {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
};
const phone = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, hasTouch: true };
const desktop = { viewport: { width: 1280, height: 800 } };
const port = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: "./tests",
  outputDir: "./test-results",
  forbidOnly: true,
  retries: 0,
  workers: 2,
  reporter: [["list"]],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: "zh-CN",
    launchOptions: chromium,
  },
  // Onboarding adds counties to the shared server, so it runs after the tests that count them.
  projects: [
    { name: "phone", use: phone, testIgnore: /onboarding/ },
    // The 360-px layout checks are for the phone only.
    { name: "desktop", use: desktop, testIgnore: /onboarding|phone-layout/ },
    { name: "phone-onboarding", use: phone, testMatch: /onboarding/, dependencies: ["phone", "desktop"] },
    { name: "desktop-onboarding", use: desktop, testMatch: /onboarding/, dependencies: ["phone", "desktop"] },
  ],
  webServer: {
    command: `./start-server.sh ${port}`,
    url: `http://127.0.0.1:${port}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
  },
});
