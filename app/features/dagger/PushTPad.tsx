import { useRef, type PointerEvent as ReactPointerEvent } from 'react';
import {
  AGENT_RADIUS,
  ARENA,
  GOAL_POSE,
  imageToArena,
  PUSHT_COLORS,
  TEE_BAR,
  TEE_OUTLINE,
  TEE_STEM,
  type Pose,
} from '../../../src/common/sim/pushtScene';

/** Observation columns of PushT: agent xy, block xy, block angle. */
export type PushTObs = readonly [number, number, number, number, number];

/** The first five values of an observation as PushT's, else null. */
export const pushtObs = (o: ArrayLike<number> | null): PushTObs | null =>
  o && o.length >= 5 ? [o[0]!, o[1]!, o[2]!, o[3]!, o[4]!] : null;

const points = (poly: readonly (readonly [number, number])[]) => poly.map((p) => p.join(',')).join(' ');
const placed = (pose: Pose) => `translate(${pose[0]} ${pose[1]}) rotate(${(pose[2] * 180) / Math.PI})`;

/**
 * The PushT camera drawn from the state (in the arena's units, exactly as the simulator renders
 * it), on which the expert drags the agent's target: the labelled target is the ring with a line
 * from the agent, the policy's target the small grey dot.
 */
export function PushTPad(props: {
  obs: PushTObs | null;
  target: readonly [number, number];
  policy: readonly [number, number] | null;
  onChange(x: number, y: number): void;
  onRelease?(): void;
}) {
  const { obs, target, policy, onChange } = props;
  const ref = useRef<SVGSVGElement>(null);
  const set = (e: ReactPointerEvent) => {
    const box = ref.current!.getBoundingClientRect();
    const shown = { left: box.left, top: box.top, width: box.width, height: box.height };
    const [x, y] = imageToArena({ ...shown, image: { width: ARENA, height: ARENA } }, e.clientX, e.clientY);
    onChange(x, y);
  };
  return (
    <svg
      ref={ref}
      className="pusht-pad"
      data-testid="pusht-pad"
      data-target={`${target[0].toFixed(2)},${target[1].toFixed(2)}`}
      viewBox={`0 0 ${ARENA} ${ARENA}`}
      onPointerDown={(e) => {
        e.preventDefault();
        e.currentTarget.setPointerCapture?.(e.pointerId);
        set(e);
      }}
      onPointerMove={(e) => e.buttons === 1 && set(e)}
      onPointerUp={() => props.onRelease?.()}
    >
      <title>Drag to set the agent's target</title>
      <rect width={ARENA} height={ARENA} fill={PUSHT_COLORS.background} />
      <g transform={placed(GOAL_POSE)}>
        <polygon points={points(TEE_BAR)} fill={PUSHT_COLORS.goal} />
        <polygon points={points(TEE_STEM)} fill={PUSHT_COLORS.goal} />
        <polygon points={points(TEE_OUTLINE)} fill="none" stroke={PUSHT_COLORS.goalOutline} />
      </g>
      {obs && (
        <>
          <g transform={placed([obs[2], obs[3], obs[4]])}>
            <polygon points={points(TEE_BAR)} fill={PUSHT_COLORS.block} />
            <polygon points={points(TEE_STEM)} fill={PUSHT_COLORS.block} />
          </g>
          <circle cx={obs[0]} cy={obs[1]} r={AGENT_RADIUS} fill={PUSHT_COLORS.agent} />
          <line
            className="pusht-line"
            x1={obs[0]}
            y1={obs[1]}
            x2={target[0]}
            y2={target[1]}
            stroke="#e8553d"
            strokeWidth={3}
          />
        </>
      )}
      {policy && <circle cx={policy[0]} cy={policy[1]} r={6} fill="#555b66" data-testid="pusht-policy" />}
      <circle
        className="pusht-target"
        cx={target[0]}
        cy={target[1]}
        r={10}
        fill="none"
        stroke="#e8553d"
        strokeWidth={4}
      />
    </svg>
  );
}
