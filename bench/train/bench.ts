// Training and inference throughput of the studio's policies on each tfjs backend (bundled by run.mjs).
import * as tf from '@tensorflow/tfjs';
import { initTrainingBackend, registerProjectKernels, unregisterProjectKernels } from '../../src/training';
import { createPolicyNet, resolvePolicyConfig, type PolicyNet } from '../../src/training/policies';

export interface Rates {
  train: number | null;
  infer: number;
  note?: string;
}

function rate(fn: () => void, batch: number, seconds: number): number {
  fn(); // warm-up: kernels set up, XNNPACK operators created
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    fn();
    n++;
  }
  return (n * batch) / ((performance.now() - start) / 1000);
}

function measure(
  net: PolicyNet,
  inputs: tf.Tensor[],
  target: tf.Tensor,
  batch: number,
  seconds: number,
): Rates {
  const optimizer = tf.train.adam(1e-3);
  const variables = net.model.trainableWeights.map((w) => w.read() as tf.Variable);
  const x = inputs.length === 1 ? inputs[0]! : inputs;
  const infer = rate(() => tf.tidy(() => (net.model.predict(x) as tf.Tensor).dataSync()), batch, seconds);
  let train: number | null = null;
  let note: string | undefined;
  try {
    train = rate(
      () => {
        const loss = optimizer.minimize(
          () => net.loss(net.model.apply(x, { training: true }) as tf.Tensor, target),
          true,
          variables,
        );
        loss?.dataSync();
        loss?.dispose();
      },
      batch,
      seconds,
    );
  } catch (error) {
    note = error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
  optimizer.dispose();
  return { train, infer, ...(note === undefined ? {} : { note }) };
}

export function mlpRates(batch: number, seconds: number): Rates {
  const net = createPolicyNet(
    resolvePolicyConfig({ kind: 'bc-mlp', hidden: [256, 256] }),
    { obsDim: 64, actDim: 7 },
    1,
  );
  const inputs = [tf.randomNormal([batch, 64])];
  const target = tf.randomNormal([batch, 7]);
  const out = measure(net, inputs, target, batch, seconds);
  tf.dispose([...inputs, target]);
  net.model.dispose();
  return out;
}

export function cnnRates(batch: number, seconds: number): Rates {
  const image = { height: 84, width: 84, channels: 3 };
  const net = createPolicyNet(resolvePolicyConfig({ kind: 'bc-cnn' }), { obsDim: 9, actDim: 7, image }, 1);
  const inputs = [tf.randomUniform([batch, 84, 84, 3]), tf.randomNormal([batch, 9])];
  const target = tf.randomNormal([batch, 7]);
  const out = measure(net, inputs, target, batch, seconds);
  tf.dispose([...inputs, target]);
  net.model.dispose();
  return out;
}

export async function useBackend(
  name: 'wasm-project' | 'wasm-stock' | 'cpu' | 'tensorflow',
): Promise<boolean> {
  if (name === 'tensorflow')
    return (await initTrainingBackend({ backend: 'tensorflow' }).catch(() => null)) !== null;
  if (name === 'cpu') return (await initTrainingBackend({ backend: 'cpu' })).name === 'cpu';
  await initTrainingBackend({ backend: 'wasm' });
  if (name === 'wasm-project') registerProjectKernels();
  else unregisterProjectKernels();
  return true;
}
