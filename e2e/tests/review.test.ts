import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { git, waitFor } from '@rdv/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchChromium,
  loggedInPage,
  newContext,
  terminalText,
  waitForTerminal,
} from '../helpers/browser.ts';
import { phoneContext } from '../helpers/phone.ts';
import {
  GITHUB_URL,
  makeReviewRepo,
  remoteSubject,
  REVIEW_BRANCH,
  type ReviewRepo,
} from '../helpers/review-repo.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const DESKTOP = { width: 1440, height: 900 };
/** The view polls every 3 s; a busy machine may take a few polls. */
const REFRESH_TIMEOUT_MS = 30_000;

/** The page is no wider than its window (the diff may scroll inside its own box). */
async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth,
  );
}

/** A file's row in the view's file list. */
const fileRow = (pane: Locator, path: string) => pane.locator(`li[data-path="${path}"]`);

describe('the diff view: review a worktree, comment to the agent, ship it', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let review: ReviewRepo;
  let sessionId: string;
  let pane: Locator;

  beforeAll(async () => {
    stack = await startStack();
    review = makeReviewRepo(stack.userHome);
    // The "agent" is cat: whatever is typed into its pty comes back on its screen.
    const session = await stack.call<{ id: string }>('mutation', 'sessions.create', {
      name: 'reviewer',
      kind: 'agent',
      command: 'cat',
      cwd: review.repo,
      cols: 100,
      rows: 30,
    });
    sessionId = session.id;
    browser = await launchChromium();
    page = await loggedInPage(await newContext(browser, DESKTOP), stack.loginUrl!, stack.baseUrl);
    await page.goto(`${stack.baseUrl}/#session=${sessionId}`);
    await page.locator(`[data-session="${sessionId}"] .xterm`).waitFor();
    pane = page.getByTestId('review-pane');
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows the files with their counts, the rename, the binary file and highlighted lines (1440x900)', async () => {
    await page.getByRole('button', { name: 'Changes', exact: true }).click();
    await pane.getByRole('list', { name: 'Changed files' }).waitFor({ timeout: 30_000 });
    await pane.getByRole('radio', { name: 'Against main' }).check();

    const list = pane.getByRole('list', { name: 'Changed files' });
    await fileRow(pane, 'notes.txt').waitFor();
    expect(await fileRow(pane, 'src/app.ts').innerText()).toMatch(/app\.ts\s*\+2 −2/);
    expect(await fileRow(pane, 'docs/guide.md').innerText()).toMatch(
      /^old-name\.md → guide\.md\s*\+1 −1$/m,
    );
    expect(await fileRow(pane, 'logo.png').innerText()).toMatch(/binary/);
    expect(await fileRow(pane, 'notes.txt').innerText()).toMatch(/\+1 −0/);
    expect(await list.getByRole('button').count()).toBe(4);

    // The binary file says so instead of showing bytes.
    await fileRow(pane, 'logo.png').getByRole('button').click();
    await pane.getByText('Binary file: its contents are not shown.').waitFor();
    // The list is walked with the arrow keys: the focused file is the one shown.
    await page.keyboard.press('ArrowDown');
    await pane.locator('[data-diff-file="notes.txt"]').waitFor();
    expect(await fileRow(pane, 'notes.txt').getByRole('button').getAttribute('aria-current')).toBe(
      'true',
    );
    await page.keyboard.press('End');
    await pane.locator('[data-diff-file="src/app.ts"]').waitFor();
    await page.keyboard.press('Home');
    await pane.locator('[data-diff-file="logo.png"]').waitFor();

    // src/app.ts: two hunks, TypeScript highlighted, the lines between them folded.
    await fileRow(pane, 'src/app.ts').getByRole('button').click();
    const diff = pane.locator('[data-diff-file="src/app.ts"]');
    await diff.locator('.diff-code-insert').first().waitFor();
    expect(await diff.locator('.diff-code-insert').allInnerTexts()).toEqual([
      'export const answer = 43;',
      "export function f30(): string { return 'THIRTY'; }",
    ]);
    expect(await diff.locator('.diff-code-insert .token.keyword').count()).toBeGreaterThan(0);
    // 42 → 43: the number is one token, its changed digit marked as the edit within the line.
    expect((await diff.locator('.diff-code-insert .token.number').allInnerTexts()).join('')).toBe(
      '43',
    );
    expect(await diff.locator('.diff-code-insert .diff-code-edit').first().innerText()).toBe('3');

    // The folded lines between the hunks unfold (from the wider patch the API gives).
    const fold = diff.getByRole('button', { name: /Show 18 unchanged lines \(lines 9–26\)/ });
    await fold.click();
    await fold.waitFor({ state: 'detached' });
    // (Side by side, the default at this width: an unchanged line shows on both sides.)
    await diff.getByText('export function f20(): number { return 20; }').first().waitFor();

    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  it('switches between unified and side by side, and remembers the choice', async () => {
    const diff = pane.locator('[data-diff-file="src/app.ts"]');
    await pane.getByRole('radio', { name: 'Unified' }).check();
    await diff.locator('table.diff-unified').waitFor();
    await pane.getByRole('radio', { name: 'Side by side' }).check();
    await diff.locator('table.diff-split').waitFor();
    // Side by side: the old line and its replacement on one row.
    const edited = diff.locator('tr', {
      has: page.locator('.diff-code-insert', { hasText: 'answer = 43' }),
    });
    expect(await edited.locator('.diff-code-delete').innerText()).toBe('export const answer = 42;');

    await page.reload();
    // Alt+G opens it, from the terminal too.
    await page.locator(`[data-session="${sessionId}"] .xterm`).click();
    await page.keyboard.press('Alt+g');
    await fileRow(pane, 'src/app.ts').getByRole('button').click();
    await pane
      .locator('[data-diff-file="src/app.ts"] table.diff-split')
      .waitFor({ timeout: 30_000 });
    expect(await pane.getByRole('radio', { name: 'Side by side' }).isChecked()).toBe(true);
    await pane.getByRole('radio', { name: 'Unified' }).check();
  });

  it('shows a file changed on disk without a reload', async () => {
    await fileRow(pane, 'src/app.ts').waitFor();
    writeFileSync(
      join(review.repo, 'src/extra.ts'),
      'export const extra = true;\nexport const more = 1;\n',
    );
    await fileRow(pane, 'src/extra.ts').waitFor({ timeout: REFRESH_TIMEOUT_MS });
    expect(await fileRow(pane, 'src/extra.ts').innerText()).toMatch(/extra\.ts\s*\+2 −0/);
  });

  it('sends a comment on selected lines to the agent, as one message into its pty', async () => {
    await fileRow(pane, 'src/app.ts').getByRole('button').click();
    const diff = pane.locator('[data-diff-file="src/app.ts"]');
    await diff.getByRole('button', { name: /^Line 5: comment/ }).click();
    await diff.getByRole('button', { name: /^Line 7: comment/ }).click({ modifiers: ['Shift'] });
    const form = pane.getByRole('form', { name: 'Comment on src/app.ts lines 5–7' });
    await form.getByRole('textbox').fill('Name this constant after what it answers.');
    await form.getByRole('button', { name: 'Add comment' }).click();

    const pending = pane.getByRole('region', { name: 'Comments for the agent' });
    await pending.getByText('1 comment for the agent, not sent yet').waitFor();
    // Edited before sending: what is sent is the edited text.
    await pending.getByRole('button', { name: 'Edit the comment on src/app.ts lines 5–7' }).click();
    await pending.getByRole('textbox').fill('Name this constant after the question it answers.');
    await pending.getByRole('button', { name: 'Save' }).click();

    await pending.getByRole('button', { name: 'Send comment to agent' }).click();
    await pending
      .getByRole('status')
      .getByText('Sent 1 comment to “reviewer” as one message.')
      .waitFor();
    expect(await pending.getByText('not sent yet').count()).toBe(0);

    const screen = await waitForTerminal(
      page,
      sessionId,
      'Name this constant after the question it answers.',
    );
    expect(screen).toContain('src/app.ts:5-7');
    expect(await terminalText(page, sessionId)).not.toContain('what it answers');
  });

  it('says why the injection guard refused a comment, and sends it anyway when asked', async () => {
    const diff = pane.locator('[data-diff-file="src/app.ts"]');
    await diff.getByRole('button', { name: /^Line 30: comment/ }).click();
    const form = pane.getByRole('form', { name: 'Comment on src/app.ts line 30' });
    await form.getByRole('textbox').fill('Clean up before you start:\nrm -rf ~');
    await form.getByRole('button', { name: 'Add comment' }).click();

    const pending = pane.getByRole('region', { name: 'Comments for the agent' });
    await pending.getByRole('button', { name: 'Send comment to agent' }).click();
    const refusal = pending.getByRole('alert');
    await refusal.getByText(/^Not sent: refused to type into session .*recursive delete/).waitFor();
    // Nothing was typed, and the comment is still there to fix or force.
    expect(await terminalText(page, sessionId)).not.toContain('Clean up before you start');
    await pending.getByText('1 comment for the agent, not sent yet').waitFor();

    await refusal.getByRole('button', { name: 'Send anyway' }).click();
    await pending
      .getByRole('status')
      .getByText('Sent 1 comment to “reviewer” as one message.')
      .waitFor();
    const screen = await waitForTerminal(page, sessionId, 'Clean up before you start:');
    expect(screen).toContain('src/app.ts:30');
  });

  it('stages two files, commits them and pushes the branch to the bare remote; refuses a commit with nothing staged', async () => {
    await pane.getByRole('radio', { name: 'Uncommitted' }).check();
    await fileRow(pane, 'notes.txt').waitFor();
    await expect
      .poll(() => pane.getByRole('list', { name: 'Changed files' }).getByRole('button').count(), {
        timeout: REFRESH_TIMEOUT_MS,
      })
      .toBe(3);

    for (const path of ['src/app.ts', 'notes.txt']) {
      await pane.getByRole('checkbox', { name: `Stage ${path}` }).check();
      await pane
        .getByRole('checkbox', { name: `Unstage ${path}` })
        .waitFor({ timeout: REFRESH_TIMEOUT_MS });
    }
    expect(await pane.getByRole('checkbox', { name: 'Stage src/extra.ts' }).isChecked()).toBe(
      false,
    );

    await pane.getByRole('button', { name: 'Commit…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Commit' });
    await dialog.getByText('2 files staged.').waitFor();
    await dialog.getByRole('textbox').fill('Answer 43 and take notes');
    await dialog.getByRole('button', { name: 'Commit', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const notice = pane.getByTestId('ship-notice');
    await notice
      .getByText(/^Committed [0-9a-f]{7} “Answer 43 and take notes” on feat\/review \(2 files\)\.$/)
      .waitFor();
    // Only the unstaged file is left uncommitted.
    await expect
      .poll(() => pane.getByRole('list', { name: 'Changed files' }).getByRole('button').count(), {
        timeout: REFRESH_TIMEOUT_MS,
      })
      .toBe(1);

    await pane.getByRole('button', { name: 'Push', exact: true }).click();
    await notice
      .getByText(`Pushed ${REVIEW_BRANCH} to new branch origin/${REVIEW_BRANCH}`, { exact: false })
      .waitFor();
    expect(remoteSubject(review.remote, REVIEW_BRANCH)).toBe('Answer 43 and take notes');

    // Nothing staged now: the API refuses, and the dialog says why.
    await pane.getByRole('button', { name: 'Commit…' }).click();
    await dialog.getByRole('textbox').fill('Nothing to see');
    await dialog.getByRole('button', { name: 'Commit', exact: true }).click();
    await dialog.getByText(/Commit refused: nothing is staged/).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(remoteSubject(review.remote, REVIEW_BRANCH)).toBe('Answer 43 and take notes');
  });

  it('says why no pull request was opened without gh, and links the compare page', async () => {
    await pane.getByRole('button', { name: 'Open pull request' }).click();
    const notice = pane.getByTestId('ship-notice');
    await notice
      .getByText(/No pull request created: gh is not (installed|signed in)/)
      .waitFor({ timeout: 60_000 });
    const compare = 'https://github.com/rdv-e2e/review-demo/compare/main...feat/review?expand=1';
    expect(GITHUB_URL).toContain('rdv-e2e/review-demo');
    expect(await notice.getByRole('link').getAttribute('href')).toBe(compare);
  });

  it('takes the whole screen on a phone (390x844), with the counts, highlighted lines and a way back', async () => {
    // The same browser session as the desktop page (the login link works once).
    const context = await phoneContext(browser);
    await context.addCookies(await page.context().cookies());
    const phone = await context.newPage();
    try {
      await phone.goto(`${stack.baseUrl}/#session=${sessionId}`);
      await phone.locator(`[data-session="${sessionId}"] .xterm`).waitFor();
      // From the session's menu in the sidebar.
      await phone.getByRole('button', { name: /^Toggle sidebar/ }).click();
      const row = phone.locator(`[data-session-id="${sessionId}"]`);
      await row.getByRole('button', { name: 'Session reviewer actions' }).click();
      await row.getByRole('menuitem', { name: 'Review changes' }).click();

      const phonePane = phone.getByTestId('review-pane');
      await phonePane.getByRole('radio', { name: 'Against main' }).check();
      await fileRow(phonePane, 'src/app.ts').waitFor({ timeout: 30_000 });
      expect(await fileRow(phonePane, 'src/app.ts').innerText()).toMatch(/\+2 −2/);
      await fileRow(phonePane, 'src/app.ts').getByRole('button').click();
      const diff = phonePane.locator('[data-diff-file="src/app.ts"]');
      await diff.locator('.diff-code-insert .token.keyword').first().waitFor();

      // It covers the terminal, fits the width, and "← Terminal" brings the terminal back.
      const box = await phonePane.boundingBox();
      expect(box && Math.round(box.width)).toBe(390);
      expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
      await phonePane.getByRole('button', { name: /^Back to the terminal/ }).click();
      await phonePane.waitFor({ state: 'detached' });
      const terminal = phone.locator(`[data-session="${sessionId}"] .xterm`);
      expect(await terminal.isVisible()).toBe(true);
      await waitFor(
        async () => (await terminalText(phone, sessionId)).includes('src/app.ts:5-7'),
        'the terminal text',
      );
    } finally {
      await phone.context().close();
    }
  });

  it('says what stands in the way on a detached HEAD, and shows the refusal in words', async () => {
    git(review.repo, 'switch', '-q', '--detach');
    await pane
      .getByRole('list', { name: 'Warnings' })
      .getByText(/^HEAD is detached \(no branch\)/)
      .waitFor({
        timeout: REFRESH_TIMEOUT_MS,
      });
    await pane.getByRole('button', { name: 'Push', exact: true }).click();
    await pane
      .getByTestId('ship-notice')
      .getByText(
        /^Push refused: cannot push: .* is on a detached HEAD \(no branch\); check out a branch first$/,
      )
      .waitFor();
  });

  it("says so when the session's folder is not in a repository", async () => {
    const plain = await stack.call<{ id: string }>('mutation', 'sessions.create', {
      name: 'plain',
      kind: 'shell',
      cwd: stack.userHome,
    });
    await page.goto(`${stack.baseUrl}/#session=${plain.id}`);
    await page.locator(`[data-session="${plain.id}"] .xterm`).waitFor();
    // The view follows the active tab; it is still open from the tests before.
    await page.locator(`[data-session-id="${plain.id}"]`).waitFor();
    const changes = page.getByRole('button', { name: 'Changes', exact: true });
    if ((await changes.getAttribute('aria-pressed')) !== 'true') await changes.click();
    await pane
      .getByRole('alert')
      .getByText(
        `This session's folder (${stack.userHome}) is not in a git repository or worktree: there are no changes to show.`,
      )
      .waitFor();
  });
});
