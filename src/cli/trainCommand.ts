import { POLICY_KINDS, StudioError, type CallInput } from '../common/api';
import { formatTaskScore } from '../common/format';
import { printJson } from './outputs';
import { say } from './output';
import { withSession } from './session';

/** Policies the field knows that the studio does not train (yet): named so the message can say so. */
const UNSUPPORTED = new Set(['diffusion']);

const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** `mimic train`: trains a policy as a job and prints the registered model. */
export async function trainCommand(
  dir: string,
  request: Partial<CallInput<'startTraining'>> & { policy?: string },
  json: boolean,
): Promise<number> {
  const policy = request.policy;
  if (policy !== undefined && !(POLICY_KINDS as readonly string[]).includes(policy)) {
    const why = UNSUPPORTED.has(policy) ? 'is not implemented' : 'is not a policy';
    throw new StudioError(
      'bad_input',
      `--policy ${policy} ${why}; supported policies: ${POLICY_KINDS.join(', ')}`,
    );
  }
  return withSession(dir, async (s) => {
    const { jobId } = await s.call('startTraining', defined(request) as CallInput<'startTraining'>);
    const done = await s.follow(jobId, json);
    if (done.state !== 'succeeded') {
      say(`mimic train: ${done.state}${done.error ? `: ${done.error}` : ''}`);
      return 1;
    }
    const r = s.result('train', done);
    const out = {
      model: r.model,
      backend: r.backend,
      epochs: r.epochs,
      trainLoss: r.trainLoss,
      valLoss: r.valLoss,
    };
    if (json) printJson('train', out);
    else {
      say(
        `model ${out.model} (${out.backend}): ${out.epochs} epochs, train loss ${out.trainLoss?.toFixed(4) ?? '–'}, ` +
          `val loss ${out.valLoss?.toFixed(4) ?? '–'}`,
      );
    }
    return 0;
  });
}

/**
 * `mimic eval`: seeded rollouts of a model in a built-in env; prints the success rate and its 95%
 * interval, and each of the task's continuous measures as mean ± SD with its range.
 */
export async function evalCommand(
  dir: string,
  request: Partial<CallInput<'evaluateModel'>>,
  json: boolean,
): Promise<number> {
  return withSession(dir, async (s) => {
    const { jobId } = await s.call('evaluateModel', defined(request) as CallInput<'evaluateModel'>);
    const done = await s.follow(jobId, json);
    if (done.state !== 'succeeded') {
      say(`mimic eval: ${done.state}${done.error ? `: ${done.error}` : ''}`);
      return 1;
    }
    const r = s.result('eval', done);
    const out = {
      model: r.model,
      env: r.env,
      episodes: r.episodes,
      successRate: r.successRate,
      ci95: r.ci95,
      scores: r.scores,
    };
    if (json) printJson('eval', out);
    else {
      const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
      say(
        `${out.model} in ${out.env}: ${pct(out.successRate)} of ${out.episodes} (95% CI ${pct(out.ci95[0])}–${pct(out.ci95[1])})`,
      );
      for (const score of out.scores) say(formatTaskScore(score));
    }
    return 0;
  });
}
