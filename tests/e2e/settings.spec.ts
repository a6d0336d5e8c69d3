import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { insertSyntheticEpisodes } from '../../src/workspace/bulk';
import { startStudio } from './studioHost';

// The user is this machine's setting: keep it in a folder of this test file, away from the real one.
const configDir = mkdtempSync(path.join(os.tmpdir(), 'mimic-e2e-config-'));
const saved = { dir: process.env.MIMIC_CONFIG_DIR, user: process.env.MIMIC_USER };
let studio: Awaited<ReturnType<typeof startStudio>>;

test.beforeAll(async () => {
  process.env.MIMIC_CONFIG_DIR = configDir;
  delete process.env.MIMIC_USER;
  studio = await startStudio();
  insertSyntheticEpisodes(studio.services.ws.db, 1, 'synthetic');
});
test.afterAll(async () => {
  await studio.stop();
  rmSync(configDir, { recursive: true, force: true });
  for (const [key, value] of [
    ['MIMIC_CONFIG_DIR', saved.dir],
    ['MIMIC_USER', saved.user],
  ] as const)
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
});

test('the user set on the settings screen is kept, shown in the headers and named by the audit trail', async ({
  page,
}) => {
  await page.goto(studio.web.openUrl);
  // Nothing saved yet: the header names the system's user, and opens the settings.
  await expect(page.getByTestId('current-user')).not.toHaveText('…');
  await page.getByTestId('settings-link').click();
  await expect(page).toHaveURL(/#\/settings$/);
  await expect(page.getByTestId('attribution-note')).toContainText('attribution, not authentication');
  await expect(page.getByTestId('attribution-note')).toContainText('anyone at this machine can change it');
  await expect(page.getByTestId('user-from-system')).toBeVisible();

  await page.getByTestId('user-name').fill('Ada Lovelace');
  await page.getByTestId('user-role').selectOption('curator');
  await page.getByTestId('user-save').click();
  await expect(page.getByTestId('toast-message')).toHaveText(
    'Edits are now recorded as Ada Lovelace (curator)',
  );
  await expect(page.getByTestId('user-from-system')).toHaveCount(0);
  await expect(page.getByTestId('user-save')).toBeDisabled();
  expect(JSON.parse(readFileSync(path.join(configDir, 'config.json'), 'utf8'))).toMatchObject({
    user: { name: 'Ada Lovelace', role: 'curator' },
  });
  await page.screenshot({ path: 'test-results/screens/settings.png' });

  await page.reload();
  await expect(page.getByTestId('user-name')).toHaveValue('Ada Lovelace');
  await expect(page.getByTestId('user-role')).toHaveValue('curator');

  await page.getByTestId('library-tab').click();
  const header = page.getByTestId('settings-link');
  await expect(header).toContainText('Ada Lovelace');
  await expect(header).toContainText('curator');
  await page.locator('header.topbar').screenshot({ path: 'test-results/screens/library-header.png' });

  // An edit made now is attributed to the saved user.
  await page.getByTestId('episode-row').first().click();
  await page.getByTestId('tag-input').fill('checked');
  await page.getByTestId('tag-input').press('Enter');
  await expect(page.getByTestId('episode-row').first()).toContainText('checked');
  const audit = await studio.services.handlers.listAudit({ limit: 1 });
  expect(audit.items[0]).toMatchObject({ actor: 'Ada Lovelace', role: 'curator' });

  await page.goto(`${studio.web.url}/#/train`);
  await expect(page.getByTestId('settings-link')).toContainText('Ada Lovelace');

  // Back to no role.
  await page.getByTestId('settings-link').click();
  await page.getByTestId('user-role').selectOption('');
  await page.getByTestId('user-save').click();
  await expect(page.getByTestId('toast-message')).toHaveText('Edits are now recorded as Ada Lovelace');
  await page.getByTestId('library-tab').click();
  await expect(page.getByTestId('settings-link')).toHaveText('Ada Lovelace');
});

test('a user set by MIMIC_USER is shown as such and cannot be edited on the screen', async ({ page }) => {
  process.env.MIMIC_USER = 'ci-bot';
  try {
    await page.goto(studio.web.openUrl);
    await expect(page.getByTestId('current-user')).toHaveText('ci-bot');
    await page.getByTestId('settings-link').click();
    await expect(page.getByTestId('user-from-env')).toContainText('MIMIC_USER');
    await expect(page.getByTestId('user-name')).toHaveValue('ci-bot');
    await expect(page.getByTestId('user-name')).toBeDisabled();
    await expect(page.getByTestId('user-role')).toBeDisabled();
    await expect(page.getByTestId('user-save')).toBeDisabled();
    await page.screenshot({ path: 'test-results/screens/settings-env.png' });
  } finally {
    delete process.env.MIMIC_USER;
  }
  expect(existsSync(path.join(configDir, 'config.json'))).toBe(true);
});
