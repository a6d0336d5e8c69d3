// Draws learning curves (a value against labelled frames, one line per method) as SVG, and converts
// it to PNG with rsvg-convert (Debian's librsvg2-bin) when it is installed.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const COLOURS = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e'];

/** panels: [{title, yLabel, series: [{name, points: [{x, y, lo?, hi?}]}]}] side by side. */
export function curvesSvg(panels, { width = 480, height = 320 } = {}) {
  const m = { l: 56, r: 16, t: 28, b: 44 };
  const parts = [];
  panels.forEach((panel, p) => {
    const ox = p * width;
    const xs = panel.series.flatMap((s) => s.points.map((q) => q.x));
    const xMax = Math.max(...xs);
    const xMin = Math.min(0, ...xs);
    const X = (x) => ox + m.l + ((x - xMin) / (xMax - xMin || 1)) * (width - m.l - m.r);
    const Y = (y) => m.t + (1 - y) * (height - m.t - m.b);
    parts.push(
      `<text x="${ox + width / 2}" y="18" text-anchor="middle" font-size="14">${panel.title}</text>`,
    );
    parts.push(`<line x1="${X(xMin)}" y1="${Y(0)}" x2="${X(xMax)}" y2="${Y(0)}" stroke="#000"/>`);
    parts.push(`<line x1="${X(xMin)}" y1="${Y(0)}" x2="${X(xMin)}" y2="${Y(1)}" stroke="#000"/>`);
    for (let k = 0; k <= 4; k++) {
      const y = k / 4;
      parts.push(`<line x1="${X(xMin)}" y1="${Y(y)}" x2="${X(xMax)}" y2="${Y(y)}" stroke="#ddd"/>`);
      parts.push(
        `<text x="${X(xMin) - 6}" y="${Y(y) + 4}" text-anchor="end" font-size="11">${y.toFixed(2)}</text>`,
      );
    }
    const ticks = [...new Set(xs)].sort((a, b) => a - b);
    const step = Math.max(1, Math.ceil(ticks.length / 8));
    ticks
      .filter((_, i) => i % step === 0)
      .forEach((x) =>
        parts.push(`<text x="${X(x)}" y="${Y(0) + 16}" text-anchor="middle" font-size="11">${x}</text>`),
      );
    parts.push(
      `<text x="${ox + width / 2}" y="${height - 6}" text-anchor="middle" font-size="12">labelled frames</text>`,
    );
    parts.push(
      `<text transform="translate(${ox + 14},${height / 2}) rotate(-90)" text-anchor="middle" font-size="12">${panel.yLabel}</text>`,
    );
    panel.series.forEach((s, i) => {
      const c = COLOURS[i % COLOURS.length];
      const path = s.points
        .map((q, k) => `${k ? 'L' : 'M'}${X(q.x).toFixed(1)},${Y(q.y).toFixed(1)}`)
        .join(' ');
      parts.push(`<path d="${path}" fill="none" stroke="${c}" stroke-width="2"/>`);
      for (const q of s.points) {
        if (q.lo !== undefined)
          parts.push(`<line x1="${X(q.x)}" y1="${Y(q.lo)}" x2="${X(q.x)}" y2="${Y(q.hi)}" stroke="${c}"/>`);
        parts.push(`<circle cx="${X(q.x)}" cy="${Y(q.y)}" r="3" fill="${c}"/>`);
      }
      const ly = m.t + 14 + i * 16;
      parts.push(`<rect x="${X(xMax) - 150}" y="${ly - 9}" width="10" height="10" fill="${c}"/>`);
      parts.push(`<text x="${X(xMax) - 136}" y="${ly}" font-size="11">${s.name}</text>`);
    });
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width * panels.length}" height="${height}" ` +
    `font-family="sans-serif"><rect width="100%" height="100%" fill="#fff"/>${parts.join('')}</svg>`
  );
}

/** Writes the SVG, and a PNG beside it when rsvg-convert is there; returns the PNG path or null. */
export function writePlot(svgPath, svg) {
  writeFileSync(svgPath, svg);
  const png = svgPath.replace(/\.svg$/, '.png');
  try {
    execFileSync('rsvg-convert', ['-o', png, svgPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    return png;
  } catch (error) {
    console.error(
      `no PNG: rsvg-convert (apt-get install librsvg2-bin) failed: ${error.message.split('\n')[0]}`,
    );
    return null;
  }
}
