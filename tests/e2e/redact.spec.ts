import { mkdirSync, readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { dispatch, jobResult } from '../../src/common/api';
import type { Box } from '../../src/redact/boxes';
import { FACE_FRAMES, writeFaceClip } from './redactFixture';
import { startStudio } from './studioHost';
import { settledFrame } from './videoFrames';

let studio: Awaited<ReturnType<typeof startStudio>>;
let episodeId: string;
let faces: Box[];
const SCREENS = 'test-results/screens';

const call = <K extends Parameters<typeof dispatch>[1]>(name: K, input: Parameters<typeof dispatch<K>>[2]) =>
  dispatch(studio.services.handlers, name, input);

test.beforeAll(async () => {
  studio = await startStudio();
  const clip = writeFaceClip(studio.dir, 'three-people');
  faces = clip.faces;
  const imported = studio.services.runner.enqueue('import', 'fixture', {
    paths: [clip.file],
    dataset: 'faces',
  });
  episodeId = jobResult('import', await studio.services.runner.waitFor(imported.id)).episodes[0]!.id;
  const { jobId } = await call('detectFaces', { episodeIds: [episodeId] });
  expect(jobResult('detect-faces', await studio.services.runner.waitFor(jobId)).videos[0]!.frames).toBe(
    FACE_FRAMES,
  );
  mkdirSync(SCREENS, { recursive: true });
});
test.afterAll(async () => studio.stop());

/** The video's picture on the page (its element letterboxes it) and the scale of a source pixel. */
async function picture(page: Page) {
  return page.getByTestId('replay-video').evaluate(async (v: HTMLVideoElement) => {
    while (v.videoWidth === 0) await new Promise((r) => setTimeout(r, 50));
    const r = v.getBoundingClientRect();
    const scale = Math.min(r.width / v.videoWidth, r.height / v.videoHeight);
    const w = v.videoWidth * scale;
    const h = v.videoHeight * scale;
    return { x: r.left + (r.width - w) / 2, y: r.top + (r.height - h) / 2, scale };
  });
}

async function boxRects(page: Page) {
  const boxes = page.getByTestId('redact-box');
  const out: { id: string; x: number; y: number; w: number; h: number }[] = [];
  for (const b of await boxes.all()) {
    const r = (await b.boundingBox())!;
    out.push({ id: (await b.getAttribute('data-track-id'))!, x: r.x, y: r.y, w: r.width, h: r.height });
  }
  return out;
}

const covered = (face: Box, b: Box) => {
  const w = Math.max(0, Math.min(face.x + face.w, b.x + b.w) - Math.max(face.x, b.x));
  const h = Math.max(0, Math.min(face.y + face.h, b.y + b.h) - Math.max(face.y, b.y));
  return (w * h) / (face.w * face.h);
};

async function progress(page: Page) {
  const p = page.getByTestId('redact-progress');
  return {
    decided: Number(await p.getAttribute('data-decided')),
    total: Number(await p.getAttribute('data-total')),
  };
}

test('the library opens the review; the boxes of the frame sit on the faces', async ({ page }) => {
  await page.goto(studio.web.openUrl);
  await page.getByTestId('episode-row').filter({ hasText: 'three-people' }).click();
  await expect(page.getByTestId('redaction-badge')).toHaveAttribute('data-status', 'unreviewed');
  await page.getByTestId('details').getByTestId('review-faces').click();
  await expect(page).toHaveURL(/#\/redact\//);
  await expect(page.getByTestId('redact')).toBeVisible();
  await expect(page.getByTestId('redact-box')).toHaveCount(faces.length);
  await expect(page.getByTestId('track-row')).toHaveCount(faces.length);
  await expect(page.getByTestId('redaction-status')).toHaveAttribute('data-status', 'unreviewed');

  // Every hand-drawn face, mapped to the page, lies inside a drawn box.
  const pic = await picture(page);
  const rects = await boxRects(page);
  for (const f of faces) {
    const onPage = {
      x: pic.x + f.x * pic.scale,
      y: pic.y + f.y * pic.scale,
      w: f.w * pic.scale,
      h: f.h * pic.scale,
    };
    expect(Math.max(...rects.map((r) => covered(onPage, r))), JSON.stringify(f)).toBeGreaterThan(0.9);
  }
  // Thumbnails are crops of the frame shown.
  await expect(page.getByTestId('track-row').locator('img.thumb')).toHaveCount(faces.length);
  await page.screenshot({ path: `${SCREENS}/redact-open.png` });
});

test('approve, reject, move, draw, whole frames, undo and redo, sign-off and render', async ({ page }) => {
  await page.goto(`${studio.web.openUrl.split('#')[0]}#/redact/${encodeURIComponent(episodeId)}`);
  await expect(page.getByTestId('redact-box')).toHaveCount(3);
  const rows = page.getByTestId('track-row');

  // Tab selects the first track, A approves it; Tab, R rejects the second.
  await page.keyboard.press('Tab');
  await expect(rows.nth(0)).toHaveClass(/selected/);
  await page.keyboard.press('a');
  await expect(rows.nth(0)).toHaveAttribute('data-decision', 'approved');
  await page.keyboard.press('Tab');
  await expect(rows.nth(1)).toHaveClass(/selected/);
  await page.keyboard.press('r');
  await expect(rows.nth(1)).toHaveAttribute('data-decision', 'rejected');
  expect(await progress(page)).toEqual({ decided: 2, total: 3 });
  const rejected = (await rows.nth(1).getAttribute('data-track-id'))!;

  // Drag the third track's box 30 px right and 20 down: a keyframe at this frame.
  await page.keyboard.press('Tab');
  const third = (await rows.nth(2).getAttribute('data-track-id'))!;
  const box = page.locator(`[data-testid=redact-box][data-track-id="${third}"]`);
  const before = (await box.getAttribute('data-box'))!.split(',').map(Number);
  const r = (await box.boundingBox())!;
  await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
  await page.mouse.down();
  await page.mouse.move(r.x + r.width / 2 + 15, r.y + r.height / 2 + 10, { steps: 4 });
  await page.mouse.move(r.x + r.width / 2 + 30, r.y + r.height / 2 + 20, { steps: 4 });
  await page.mouse.up();
  const pic = await picture(page);
  await expect
    .poll(async () => (await box.getAttribute('data-box'))!.split(',').map(Number)[0])
    .toBeCloseTo(before[0]! + 30 / pic.scale, -0.5);
  const after = (await box.getAttribute('data-box'))!.split(',').map(Number);
  expect(after[1]).toBeCloseTo(before[1]! + 20 / pic.scale, -0.5);
  expect(after.slice(2)).toEqual(before.slice(2));
  const frame = Number(await page.getByTestId('box-overlay').getAttribute('data-frame'));

  // Shift+Tab goes back a track, Tab forward again; the corner handle resizes the selected box.
  await page.keyboard.press('Shift+Tab');
  await expect(rows.nth(1)).toHaveClass(/selected/);
  await page.keyboard.press('Tab');
  await expect(rows.nth(2)).toHaveClass(/selected/);
  const handle = (await page.getByTestId('resize-handle').boundingBox())!;
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(handle.x + handle.width / 2 + 24, handle.y + handle.height / 2 + 16, { steps: 5 });
  await page.mouse.up();
  await expect
    .poll(async () => (await box.getAttribute('data-box'))!.split(',').map(Number)[2])
    .toBeCloseTo(after[2]! + 24 / pic.scale, -0.5);
  const resized = (await box.getAttribute('data-box'))!.split(',').map(Number);
  expect(resized[3]).toBeCloseTo(after[3]! + 16 / pic.scale, -0.5);
  expect(resized.slice(0, 2)).toEqual(after.slice(0, 2));

  // Draw a box for a missed face (top left of the picture): a new track held around this frame.
  await page.keyboard.press('d');
  await page.mouse.move(pic.x + 10 * pic.scale, pic.y + 10 * pic.scale);
  await page.mouse.down();
  await page.mouse.move(pic.x + 40 * pic.scale, pic.y + 40 * pic.scale, { steps: 3 });
  await page.mouse.move(pic.x + 70 * pic.scale, pic.y + 80 * pic.scale, { steps: 3 });
  await page.mouse.up();
  await expect(rows).toHaveCount(4);
  await expect(page.getByTestId('redact-box')).toHaveCount(4);
  await expect(rows.filter({ hasText: 'Drawn' })).toHaveCount(1);
  // Delete takes the drawn box away; undo brings it back.
  await page.keyboard.press('Delete');
  await expect(rows).toHaveCount(3);
  await page.keyboard.press('Control+z');
  await expect(rows).toHaveCount(4);
  await expect(rows.filter({ hasText: 'Drawn' })).toHaveCount(1);

  // Frames 0–5 redacted whole: I, five frames on, O, W.
  await page.keyboard.press('i');
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('o');
  await expect(page.getByTestId('strip-marked')).toBeVisible();
  await page.keyboard.press('w');
  await expect(page.getByTestId('strip-span')).toHaveCount(1);
  await expect(page.getByTestId('whole-frame')).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/redact-edits.png` });
  const spans = async () =>
    (await call('episodeRedaction', { episodeId, boxes: false })).videos[0]!.spans.map((s) => [
      s.first,
      s.last,
    ]);
  expect(await spans()).toEqual([[frame, frame + 5]]);

  // Undo takes the span back, redo puts it back.
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('strip-span')).toHaveCount(0);
  expect(await spans()).toEqual([]);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('strip-span')).toHaveCount(1);
  expect(await spans()).toEqual([[frame, frame + 5]]);

  // N finds what is still pending; A approves it, until every track is decided.
  for (let i = 0; i < 4; i++) {
    const { decided, total } = await progress(page);
    if (decided === total) break;
    await page.keyboard.press('n');
    await page.keyboard.press('a');
    await expect.poll(async () => (await progress(page)).decided).toBe(decided + 1);
  }
  expect(await progress(page)).toEqual({ decided: 4, total: 4 });

  await page.getByTestId('approve-episode').click();
  await expect(page.getByTestId('redaction-status')).toHaveAttribute('data-status', 'approved');
  await page.getByTestId('render-redacted').click();
  await expect(page.getByTestId('render-progress')).toHaveAttribute('data-state', 'succeeded', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('redacted-version')).toHaveAttribute('data-current', '1');

  // The copy, past the whole-frame span: the approved faces are pixelated, the rejected one is not.
  await page.getByTestId('show-copy').click();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('box-overlay')).toHaveAttribute('data-frame', String(frame + 10));
  expect(await settledFrame(page)).toBe(frame + 10);
  const boxOf = async (id: string) =>
    (await page.locator(`[data-testid=redact-box][data-track-id="${id}"]`).getAttribute('data-box'))!
      .split(',')
      .map(Number);
  const approvedBox = await boxOf((await rows.nth(0).getAttribute('data-track-id'))!);
  const rejectedBox = await boxOf(rejected);
  const [approvedDetail, rejectedDetail] = await page.getByTestId('replay-video').evaluate(
    (v: HTMLVideoElement, boxes: number[][]) => {
      // What the camera shows: its still canvas (drawn over the video while paused), else the video.
      const still = v.parentElement!.querySelector<HTMLCanvasElement>('canvas[data-testid="replay-still"]');
      const shown = still?.dataset.shown === '1' ? still : v;
      const c = document.createElement('canvas');
      c.width = v.videoWidth;
      c.height = v.videoHeight;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(shown, 0, 0, c.width, c.height);
      // Mean difference of horizontally neighbouring pixels (green): high on a face, low on blocks.
      return boxes.map(([x, y, w, h]) => {
        const d = ctx.getImageData(x!, y!, w!, h!).data;
        let sum = 0;
        for (let i = 4; i < d.length; i += 4) sum += Math.abs(d[i + 1]! - d[i - 3]!);
        return sum / (d.length / 4);
      });
    },
    [approvedBox, rejectedBox],
  );
  expect(approvedDetail).toBeLessThan(rejectedDetail! / 2);
  await page.screenshot({ path: `${SCREENS}/redact-rendered.png` });

  const done = await call('episodeRedaction', { episodeId, boxes: false });
  expect(done.status).toBe('approved');
  const video = done.videos[0]!;
  expect(video.version).toMatchObject({ current: true });
  expect(video.tracks.find((t) => t.id === rejected)!.decision).toBe('rejected');
  expect(video.tracks.find((t) => t.id === third)!.keyframes).toEqual([
    { frame, x: resized[0], y: resized[1], w: resized[2], h: resized[3] },
  ]);
  expect(video.tracks.filter((t) => t.origin === 'manual')).toHaveLength(1);
  const audit = await call('redactionAudit', { episodeId });
  expect(audit.entries.map((e) => e.action)).toEqual(
    expect.arrayContaining([
      'redact.track.approve',
      'redact.track.reject',
      'redact.keyframe.set',
      'redact.track.add',
      'redact.span.add',
      'redact.approve',
    ]),
  );

  // The audit trail downloads as CSV and JSON; the library shows the episode approved.
  const csv = page.waitForEvent('download');
  await page.getByTestId('audit-csv').click();
  const csvText = readFileSync((await (await csv).path())!, 'utf8');
  expect(csvText.split('\r\n')[0]).toBe('id,at,actor,role,action,target,episodeId,detail');
  expect(csvText).toContain('redact.track.reject');
  const json = page.waitForEvent('download');
  await page.getByTestId('audit-json').click();
  const entries = JSON.parse(readFileSync((await (await json).path())!, 'utf8')) as { action: string }[];
  expect(entries.map((e) => e.action)).toEqual(audit.entries.map((e) => e.action));
  await page.getByTestId('audit-toggle').click();
  await expect(page.getByTestId('audit-table').locator('tr')).toHaveCount(audit.entries.length);
  await page.getByTestId('back-to-replay').click();
  await expect(page.getByTestId('replay')).toBeVisible();
  await page.getByTestId('back-to-library').click();
  await page.getByTestId('episode-row').filter({ hasText: 'three-people' }).click();
  await expect(page.getByTestId('redaction-badge')).toHaveAttribute('data-status', 'approved');
});
