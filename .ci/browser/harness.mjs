// What the browser checks share: Debian's chromium, the Nu Html Checker over files, and
// axe-core over an open page.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const vnu = require("vnu-jar");
const axeSource = readFileSync(require.resolve("axe-core"), "utf8");

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

// Whether the Nu Html Checker finds no error in `files` (it prints those it finds).
export function validHtml(files) {
  try {
    execFileSync("java", ["-jar", vnu, "--errors-only", "--format", "gnu", ...files], { stdio: "inherit" });
    return true;
  } catch {
    return false;
  }
}

// axe-core's violations on the open page. A page with a strict Content-Security-Policy
// needs a context made with `bypassCSP: true` for the script to be added.
export async function axeViolations(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() => axe.run(document, { resultTypes: ["violations"] }));
  return result.violations;
}
