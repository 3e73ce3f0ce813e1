import { existsSync } from "node:fs";

/**
 * Debian's Chromium, driven by playwright-core: the tests never download a browser. `.ci/run`
 * installs the package when it is missing; locally, without it, the browser tests skip and say so.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const CHROMIUM_MISSING = existsSync(CHROMIUM_PATH)
  ? undefined
  : `no Chromium at ${CHROMIUM_PATH}: install Debian's "chromium" package (apt-get install chromium) or set CHROMIUM_PATH`;

/** Where browser tests leave what a person may want to look at (screenshots, the pages they opened). */
export const BROWSER_OUTPUT = new URL("../output/browser/", import.meta.url).pathname;
