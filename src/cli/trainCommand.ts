import type { z } from 'zod';
import { EvalRequestSchema, POLICY_KINDS, TrainRequestSchema } from '../common/api';
import { ModelStore } from '../training/jobs/modelStore';
import { Workspace } from '../workspace/workspace';
import { say } from './output';
import { runJobInForeground } from './runJob';

const issues = (command: string, error: z.ZodError) =>
  `mimic ${command}: ${error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`;

/** Policies the field knows that the studio does not train (yet): named so the message can say so. */
const UNSUPPORTED = new Set(['diffusion']);

/** `mimic train`: trains a policy as a job and prints the registered model. */
export async function trainCommand(
  dir: string,
  raw: Record<string, unknown>,
  json: boolean,
): Promise<number> {
  const policy = raw['policy'];
  if (typeof policy === 'string' && !(POLICY_KINDS as readonly string[]).includes(policy)) {
    const why = UNSUPPORTED.has(policy) ? 'is not implemented' : 'is not a policy';
    say(`mimic train: --policy ${policy} ${why}; supported policies: ${POLICY_KINDS.join(', ')}`);
    return 2;
  }
  const parsed = TrainRequestSchema.safeParse(
    Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)),
  );
  if (!parsed.success) {
    say(issues('train', parsed.error));
    return 2;
  }
  const p = parsed.data;
  const done = await runJobInForeground(
    dir,
    'train',
    `Train ${p.policy} on ${p.dataset} (${p.epochs} epochs)`,
    p,
    json,
  );
  if (done.state !== 'succeeded') {
    say(`mimic train: ${done.state}${done.error ? `: ${done.error}` : ''}`);
    return 1;
  }
  const r = done.result as {
    model: string;
    backend: string;
    epochs: number;
    trainLoss: number | null;
    valLoss: number | null;
  };
  const out = {
    model: r.model,
    backend: r.backend,
    epochs: r.epochs,
    trainLoss: r.trainLoss,
    valLoss: r.valLoss,
  };
  if (json) process.stdout.write(JSON.stringify(out) + '\n');
  else {
    say(
      `model ${out.model} (${out.backend}): ${out.epochs} epochs, train loss ${out.trainLoss?.toFixed(4) ?? '–'}, ` +
        `val loss ${out.valLoss?.toFixed(4) ?? '–'}`,
    );
  }
  return 0;
}

/** `mimic eval`: seeded rollouts of a model in a built-in env; prints the success rate and its 95% interval. */
export async function evalCommand(dir: string, raw: Record<string, unknown>, json: boolean): Promise<number> {
  const parsed = EvalRequestSchema.safeParse(
    Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)),
  );
  if (!parsed.success) {
    say(issues('eval', parsed.error));
    return 2;
  }
  const p = parsed.data;
  // Fail fast, before a worker starts, when the model does not exist.
  const ws = Workspace.open(dir);
  let name: string;
  try {
    name = new ModelStore(ws.db).get(p.model).name;
  } finally {
    ws.close();
  }
  const done = await runJobInForeground(dir, 'eval', `Evaluate ${name} in ${p.env}`, p, json);
  if (done.state !== 'succeeded') {
    say(`mimic eval: ${done.state}${done.error ? `: ${done.error}` : ''}`);
    return 1;
  }
  const r = done.result as {
    model: string;
    env: string;
    episodes: number;
    successRate: number;
    ci95: [number, number];
  };
  const out = { model: r.model, env: r.env, episodes: r.episodes, successRate: r.successRate, ci95: r.ci95 };
  if (json) process.stdout.write(JSON.stringify(out) + '\n');
  else {
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    say(
      `${out.model} in ${out.env}: ${pct(out.successRate)} of ${out.episodes} (95% CI ${pct(out.ci95[0])}–${pct(out.ci95[1])})`,
    );
  }
  return 0;
}
