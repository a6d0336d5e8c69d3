/**
 * Sirius-style frame classes of a labelled rollout: the expert's own demonstration, the policy in
 * control, the expert in control (an intervention), and the frames just before an intervention.
 */
import { FRAME_CLASSES, type FrameClass } from '../common/api';

export const classCode = (c: FrameClass): number => FRAME_CLASSES.indexOf(c);

/** Frames before an intervention that count as pre-intervention (half a second at 10 Hz). */
export const PRE_INTERVENTION_FRAMES = 5;

/** Classes of each frame from who was in control; with no policy at all, every frame is a demonstration. */
export function frameClasses(expertControl: Uint8Array, demonstration: boolean): Uint8Array {
  const n = expertControl.length;
  if (demonstration) return new Uint8Array(n).fill(classCode('demonstration'));
  const out = new Uint8Array(n);
  for (let f = 0; f < n; f++) out[f] = classCode(expertControl[f] ? 'intervention' : 'rollout');
  for (let f = 1; f < n; f++) {
    if (!expertControl[f] || expertControl[f - 1]) continue;
    for (let p = Math.max(0, f - PRE_INTERVENTION_FRAMES); p < f; p++)
      if (!expertControl[p]) out[p] = classCode('pre-intervention');
  }
  return out;
}
