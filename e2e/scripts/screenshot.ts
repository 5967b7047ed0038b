// `npm run docs:screenshot`: writes docs/dashboard.png (the README's picture) from the real
// stack, built as `npm start` runs it. Not part of `npm test`: a test must not rewrite a
// tracked file. Build the web app first (`npm run -w @rdv/web build`).
import { join } from 'node:path';
import { launchChromium, loggedInPage, newContext } from '../helpers/browser.ts';
import { makeModifiedWorktree, showDashboardScene } from '../helpers/dashboard-scene.ts';
import { REPO_ROOT, startStack } from '../helpers/stack.ts';

const OUT = join(REPO_ROOT, 'docs/dashboard.png');

const stack = await startStack();
const browser = await launchChromium();
try {
  const page = await loggedInPage(await newContext(browser), stack.loginUrl!, stack.baseUrl);
  const { repo } = await makeModifiedWorktree(stack);
  await showDashboardScene(stack, page, repo);
  // Let the last live-status and terminal frames paint before the picture.
  await page.waitForTimeout(500);
  await page.screenshot({ path: OUT });
  console.log(`wrote ${OUT}`);
} finally {
  await browser.close();
  await stack.stop();
}
