// Draws the policy comparison of bench/quality as an SVG: per environment, each selection's mean
// success rate and continuous score with every seed as a dot. Reads the progress lines the bench
// prints on stderr (`<env> <condition> seed <k>: <n> episodes, success <a>/<b>, score <s>`).
// Usage: node bench/quality/plot.mjs run1.err [run2.err…] > bench/quality/policy.svg
import { readFileSync } from 'node:fs';

const LINE = /^(\w+) ([\w-]+) seed (\d+): (\d+) episodes, success (\d+)\/(\d+), score (-?[\d.]+)$/;
const runs = new Map();
for (const file of process.argv.slice(2)) {
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = LINE.exec(line.trim());
    if (!m) continue;
    const [, env, condition, , , ok, n, score] = m;
    const key = `${env}\u0000${condition}`;
    if (!runs.has(key)) runs.set(key, { env, condition, success: [], score: [] });
    runs.get(key).success.push(Number(ok) / Number(n));
    runs.get(key).score.push(Number(score));
  }
}
if (runs.size === 0) {
  console.error('no result lines found');
  process.exit(2);
}
const envs = [...new Set([...runs.values()].map((r) => r.env))];
const conditions = ['all', 'kept', 'random', 'all-but-failure'];
const colors = { all: '#7f8c8d', kept: '#2e86de', random: '#e67e22', 'all-but-failure': '#8e44ad' };
const panelW = 300;
const panelH = 200;
const pad = 40;
const width = pad + envs.length * 2 * (panelW + pad);
const height = panelH + 2 * pad + 30;
/** What each env's continuous score is (the task's first measure in src/sim/taskScores.ts). */
const SCORE_LABEL = {
  arm: 'distance to pad (m), lower is better',
  lane: 'lap driven before leaving the lane',
  pusht: 'final coverage',
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const parts = [];
envs.forEach((env, e) => {
  ['success', 'score'].forEach((measure, k) => {
    const x0 = pad + (2 * e + k) * (panelW + pad);
    const values = conditions.flatMap((c) => runs.get(`${env}\u0000${c}`)?.[measure] ?? []);
    const top = measure === 'success' ? 1 : Math.max(1e-9, ...values) * 1.1;
    const y = (v) => pad + panelH - (v / top) * panelH;
    parts.push(
      `<text x="${x0}" y="${pad - 12}" font-size="13">${env}: ${measure === 'success' ? 'success rate' : (SCORE_LABEL[env] ?? 'continuous score')}</text>`,
    );
    parts.push(
      `<line x1="${x0}" y1="${pad + panelH}" x2="${x0 + panelW}" y2="${pad + panelH}" stroke="#333"/>`,
    );
    parts.push(
      `<text x="${x0 - 4}" y="${pad + 4}" font-size="10" text-anchor="end">${top.toFixed(2)}</text>`,
    );
    parts.push(`<text x="${x0 - 4}" y="${pad + panelH}" font-size="10" text-anchor="end">0</text>`);
    conditions.forEach((c, i) => {
      const r = runs.get(`${env}\u0000${c}`);
      if (!r) return;
      const bw = panelW / conditions.length;
      const bx = x0 + i * bw + 8;
      const m = mean(r[measure]);
      parts.push(
        `<rect x="${bx}" y="${y(m)}" width="${bw - 16}" height="${pad + panelH - y(m)}" fill="${colors[c]}" opacity="0.55"/>`,
      );
      for (const v of r[measure])
        parts.push(`<circle cx="${bx + (bw - 16) / 2}" cy="${y(v)}" r="2.5" fill="#111"/>`);
      parts.push(
        `<text x="${bx + (bw - 16) / 2}" y="${pad + panelH + 14}" font-size="10" text-anchor="middle">${c}</text>`,
      );
    });
  });
});
console.log(
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">` +
    `<rect width="100%" height="100%" fill="white"/>${parts.join('')}` +
    `<text x="${pad}" y="${height - 8}" font-size="11">bars: mean over seeds; dots: each seed (a training seed, or for knn its own 100 rollouts; bench/quality)</text></svg>`,
);
