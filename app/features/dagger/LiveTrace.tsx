import type { LiveStep } from '../../../src/common/api';

const W = 800;
const H = 160;

/** Every observation column of the live rollout over its steps, the expert's spans shaded. */
export function LiveTrace({ steps }: { steps: readonly LiveStep[] }) {
  const n = Math.max(steps.length, 50);
  const first = steps[0];
  const columns = first ? first.observation.length : 0;
  let lo = -1;
  let hi = 1;
  for (const s of steps) for (const v of s.obs.slice(0, 3)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const x = (i: number) => (i / n) * W;
  const y = (v: number) => H - ((v - lo) / (hi - lo || 1)) * H;
  const colors = ['#4c8dff', '#f0a23a', '#45b97c'];
  return (
    <svg className="live-trace" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" data-testid="live-trace">
      {expertSpans(steps).map(([a, b]) => (
        <rect key={a} x={x(a)} y={0} width={x(b + 1) - x(a)} height={H} fill="rgba(240, 162, 58, 0.25)" />
      ))}
      <line x1={0} x2={W} y1={y(0)} y2={y(0)} stroke="#2d3440" />
      {Array.from({ length: Math.min(3, columns) }, (_, c) => (
        <polyline
          key={c}
          fill="none"
          stroke={colors[c]}
          strokeWidth={1.5}
          vectorEffect="non-scaling-stroke"
          points={steps.map((s) => `${x(s.step)},${y(s.obs[c]!)}`).join(' ')}
        />
      ))}
      {first && (
        <text x={6} y={14} fill="#8b95a5" fontSize={11}>
          {first.observation.slice(0, 3).join(' · ')} (blue, orange, green); shaded: you drove
        </text>
      )}
    </svg>
  );
}

/** The first and last step of each run of steps the expert drove. */
function expertSpans(steps: readonly LiveStep[]): [number, number][] {
  const spans: [number, number][] = [];
  for (const s of steps) {
    if (!s.expert) continue;
    const last = spans.at(-1);
    if (last && last[1] === s.step - 1) last[1] = s.step;
    else spans.push([s.step, s.step]);
  }
  return spans;
}
