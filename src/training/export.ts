import * as tf from '@tensorflow/tfjs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { NormalizationStats } from './normalization';
import { createPolicyNet, type PolicyShapes, type ResolvedPolicyConfig } from './policies';
import { TrainedPolicy } from './policy';

const WEIGHTS_FILE = 'weights.bin';

/** What a TF.js model.json carries for the studio, so that the folder alone can act. */
export interface PolicyMetadata {
  config: ResolvedPolicyConfig;
  shapes: PolicyShapes;
  stats: NormalizationStats;
}

/**
 * Writes the policy as a TF.js layers model folder: `model.json` (topology, weights manifest and, in
 * userDefinedMetadata.mimicPolicy, the config and normalization stats) and `weights.bin`. The
 * network loads anywhere with tf.loadLayersModel; inputs and outputs are in normalized units.
 */
export async function exportPolicy(policy: TrainedPolicy, folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  const metadata: PolicyMetadata = { config: policy.config, shapes: policy.net.shapes, stats: policy.stats };
  await policy.net.model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = new tf.io.CompositeArrayBuffer(artifacts.weightData).slice();
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: null,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
        userDefinedMetadata: { mimicPolicy: metadata as unknown as object },
      };
      await writeFile(path.join(folder, WEIGHTS_FILE), new Uint8Array(weights));
      await writeFile(path.join(folder, 'model.json'), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
}

/** Loads a folder written by `exportPolicy` back into an acting policy. */
export async function loadExportedPolicy(folder: string, seed = 0): Promise<TrainedPolicy> {
  const file = path.join(folder, 'model.json');
  const json = JSON.parse(await readFile(file, 'utf8')) as tf.io.ModelJSON;
  const metadata = json.userDefinedMetadata?.['mimicPolicy'] as PolicyMetadata | undefined;
  const manifest = json.weightsManifest[0];
  if (metadata === undefined || manifest === undefined || json.weightsManifest.length !== 1) {
    throw new Error(
      `${file}: not a policy exported by the studio (no mimicPolicy metadata or weights manifest)`,
    );
  }
  const data = await readFile(path.join(folder, WEIGHTS_FILE));
  const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  const tensors = tf.io.decodeWeights(buffer, manifest.weights);
  const net = createPolicyNet(metadata.config, metadata.shapes, seed);
  // Stored in the model's weight order; names differ between processes, so assign by position.
  const ordered = manifest.weights.map((spec) => tensors[spec.name]);
  if (ordered.some((t) => t === undefined) || ordered.length !== net.model.weights.length) {
    throw new Error(`${file}: weights do not match a ${metadata.config.kind} policy`);
  }
  net.model.setWeights(ordered as tf.Tensor[]);
  tf.dispose(ordered as tf.Tensor[]);
  return new TrainedPolicy(net, metadata.stats, seed);
}
