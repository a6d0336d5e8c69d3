/** A BC-MLP's actions for many observations in one forward pass (normalized in, unnormalized out). */
import * as tf from '@tensorflow/tfjs';
import { normalize, unnormalize, type TrainedPolicy } from '../training';

export function actBatch(policy: TrainedPolicy, obs: Float32Array): Float32Array {
  const { obsDim } = policy.net.shapes;
  const rows = obs.length / obsDim;
  if (rows === 0) return new Float32Array(0);
  const input = normalize(obs, policy.stats.obs);
  const out = tf.tidy(() => policy.net.model.predict(tf.tensor2d(input, [rows, obsDim])) as tf.Tensor);
  const values = out.dataSync() as Float32Array;
  out.dispose();
  return unnormalize(values, policy.stats.action);
}
