import { expect, test } from '@playwright/test';
import { seedDemos } from '../integration/trainingHelpers';
import { startStudio } from './studioHost';

let studio: Awaited<ReturnType<typeof startStudio>>;

test.beforeAll(async () => {
  studio = await startStudio();
  await seedDemos(studio.services.ws, {
    env: 'lane',
    episodes: 12,
    seed: 5,
    skill: 'better',
    dataset: 'lane',
  });
});
test.afterAll(async () => studio.stop());

test('train from the library: live curve, model, evaluation and a comparison of two runs', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto(studio.web.openUrl);
  await page.getByTestId('train-tab').click();
  await expect(page.getByTestId('train-screen')).toBeVisible();
  await expect(page.getByTestId('train-dataset')).toHaveValue('lane');
  await expect(page.getByTestId('train-exclude')).toHaveValue('rejected, flagged');

  await page.getByTestId('train-epochs').fill('30');
  await page.getByTestId('train-batchSize').fill('32');
  await page.getByTestId('train-hidden').fill('64, 64');
  // Lane's commanded speed learned from the measured speed, four actions at a time.
  await page.getByTestId('train-relative').check();
  await page.getByTestId('train-chunk').fill('4');
  await page.getByTestId('train-lr-schedule').selectOption('cosine');
  await page.screenshot({ path: 'test-results/screens/training-form.png' });
  await page.getByTestId('train-start').click();
  const run = page.getByTestId('train-job').first();
  // Live: the curve draws while the job is still running.
  await expect(run).toHaveAttribute('data-state', 'running');
  await expect(run.getByTestId('train-job-message')).toContainText(/epoch \d+\/30, step \d+/);
  await expect(page.locator('[data-testid=loss-chart] path.train')).toHaveAttribute('d', /L/);
  await page.screenshot({ path: 'test-results/screens/training-live.png' });
  await expect(run).toHaveAttribute('data-state', 'succeeded', { timeout: 90_000 });

  const model = page.getByTestId('model-row').first();
  await expect(model).toContainText('bc-mlp on lane');
  await page.getByTestId('eval-env').selectOption('lane');
  await page.locator('.eval-options input').fill('3');
  await model.getByTestId('model-evaluate').click();
  await expect(model.getByTestId('model-success')).toContainText(/\d+% \(\d+%–\d+%\) lane×3/, {
    timeout: 60_000,
  });
  // Beside success: the task's continuous score over the 3 rollouts.
  await expect(model.getByTestId('model-scores')).toHaveText(
    /^lap driven before leaving the lane \d\.\d\d ± \d\.\d\d \(min \d\.\d\d, max \d\.\d\d\)$/,
  );
  await page.screenshot({ path: 'test-results/screens/training-eval-scores.png' });

  // A second run with other settings, then both side by side.
  await page.getByTestId('train-policy').selectOption('bc-gmm');
  // Chunks are a BC-MLP setting.
  await expect(page.getByTestId('train-chunk')).toBeDisabled();
  await page.getByTestId('train-relative').uncheck();
  await page.getByTestId('train-lr-schedule').selectOption('constant');
  await page.getByTestId('train-epochs').fill('10');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('model-row')).toHaveCount(2, { timeout: 90_000 });
  for (const row of await page.getByTestId('model-row').all()) await row.getByRole('checkbox').check();
  // Each run's settings side by side: the first decayed its rate, the second kept it constant.
  const settings = page.getByTestId('comparison').locator('tr', { hasText: 'settings' });
  await expect(settings).toContainText(
    'learning rate 0.001 cosine · hidden 64, 64 · chunks of 4 · actions relative to state',
  );
  await expect(settings).toContainText('learning rate 0.001 constant · hidden 64, 64');
  await expect(page.getByTestId('comparison')).toContainText('bc-gmm');
  await expect(page.getByTestId('comparison')).toContainText('bc-mlp');
  await expect(page.getByTestId('comparison').locator('tr', { hasText: 'task score' })).toContainText(
    /lane: lap driven before leaving the lane \d\.\d\d ± \d\.\d\d \(min \d\.\d\d, max \d\.\d\d\)/,
  );
  await expect(page.locator('[data-testid=loss-chart] path.train')).toHaveCount(2);
  await page
    .getByTestId('comparison')
    .screenshot({ path: 'test-results/screens/training-comparison-table.png' });
  await page.screenshot({ path: 'test-results/screens/training-compare.png', fullPage: true });

  await page.getByTestId('library-tab').click();
  await expect(page.getByTestId('train-tab')).toBeVisible();
});
