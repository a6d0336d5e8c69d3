import type { EpochMetric } from '../../../src/common/api';

export interface CurveSeries {
  label: string;
  color: string;
  points: EpochMetric[];
}

const W = 560;
const H = 220;
const PAD = { left: 48, right: 12, top: 12, bottom: 28 };

/**
 * Train (solid) and validation (dashed) loss per epoch for one or more runs; a log scale when every
 * loss is positive and they span a lot (likelihood losses such as BC-GMM's go below zero).
 */
export function LossChart({ series }: { series: CurveSeries[] }) {
  const values = series.flatMap((s) =>
    s.points
      .flatMap((p) => [p.trainLoss, p.valLoss])
      .filter((v): v is number => v !== null && Number.isFinite(v)),
  );
  const maxEpoch = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.epoch)));
  if (values.length === 0) {
    return (
      <div className="loss-chart empty" data-testid="loss-chart">
        No epochs finished yet
      </div>
    );
  }
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const log = lo > 0 && hi / lo > 20;
  const f = (v: number) => (log ? Math.log10(v) : v);
  const pad = (f(hi) - f(lo)) * 0.05 || Math.abs(f(lo)) * 0.1 || 1;
  const [y0, y1] = [f(lo) - pad, f(hi) + pad];
  const x = (epoch: number) =>
    PAD.left + ((epoch - (maxEpoch > 1 ? 1 : 0)) / Math.max(1, maxEpoch - 1)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (f(v) - y0) / (y1 - y0 || 1)) * (H - PAD.top - PAD.bottom);
  const path = (points: EpochMetric[], key: 'trainLoss' | 'valLoss') =>
    points
      .filter((p) => p[key] !== null && Number.isFinite(p[key]))
      .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.epoch).toFixed(1)},${y(p[key]!).toFixed(1)}`)
      .join(' ');
  const ticks = [0, 0.5, 1].map((t) => {
    const v = log ? 10 ** (y0 + t * (y1 - y0)) : y0 + t * (y1 - y0);
    return { v, py: y(v) };
  });
  return (
    <div className="loss-chart" data-testid="loss-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Loss per epoch">
        {ticks.map((t) => (
          <g key={t.py}>
            <line x1={PAD.left} x2={W - PAD.right} y1={t.py} y2={t.py} className="grid" />
            <text x={PAD.left - 6} y={t.py + 4} textAnchor="end">
              {t.v.toPrecision(2)}
            </text>
          </g>
        ))}
        <text x={PAD.left} y={H - 8}>
          epoch 1
        </text>
        <text x={W - PAD.right} y={H - 8} textAnchor="end">
          {maxEpoch}
        </text>
        {series.map((s) => (
          <g key={s.label}>
            <path d={path(s.points, 'trainLoss')} stroke={s.color} className="train" />
            <path d={path(s.points, 'valLoss')} stroke={s.color} className="val" />
          </g>
        ))}
      </svg>
      <div className="legend">
        {series.map((s) => (
          <span key={s.label}>
            <i style={{ background: s.color }} /> {s.label}
          </span>
        ))}
        <span className="muted">solid: train · dashed: validation{log ? ' · log scale' : ''}</span>
      </div>
    </div>
  );
}

export const PALETTE = ['#4c8dff', '#45b97c', '#e2a23b', '#ef5d5d', '#b07cff', '#3cc6c6'];
