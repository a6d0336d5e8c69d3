import { StudioError, type CallInput } from '../common/api';
import { printJson } from './outputs';
import { say } from './output';
import { withSession } from './session';

const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/**
 * `mimic dagger`: a DAgger run as a job (iteration 0 the oracle's demonstrations, then rollouts of the
 * current policy labelled by the oracle, aggregated, retrained and evaluated); prints each iteration.
 */
export async function daggerCommand(
  dir: string,
  request: Partial<CallInput<'startDagger'>>,
  json: boolean,
): Promise<number> {
  if (request.budget !== undefined && request.select === undefined)
    throw new StudioError('bad_input', '--budget needs --select all or --select uncertain');
  return withSession(dir, async (s) => {
    const { jobId } = await s.call('startDagger', defined(request) as CallInput<'startDagger'>);
    const done = await s.follow(jobId, json);
    if (done.state !== 'succeeded') {
      say(`mimic dagger: ${done.state}${done.error ? `: ${done.error}` : ''}`);
      return 1;
    }
    const r = s.result('dagger', done);
    const iterations = r.iterations.map(({ iteration, labels, successRate, score }) => ({
      iteration,
      labels,
      successRate,
      score,
    }));
    if (json) printJson('dagger', { iterations });
    else {
      for (const it of r.iterations) {
        say(
          `iteration ${it.iteration}: ${it.labels} labels (+${it.newLabels}), success ${(it.successRate * 100).toFixed(0)}% ` +
            `(95% CI ${(it.ci95[0] * 100).toFixed(0)}–${(it.ci95[1] * 100).toFixed(0)}%), score ${it.score.toFixed(3)}, model ${it.model}`,
        );
      }
      say(`run ${r.run}, episodes in dataset "${r.dataset}"`);
    }
    return 0;
  });
}

/** `mimic dagger import`: existing episodes attached to a run's current iteration as rollouts to label. */
export async function daggerImportCommand(
  dir: string,
  input: { runId: string; episodeIds: string[]; policyVersion: string | undefined },
  json: boolean,
): Promise<number> {
  return withSession(dir, async (s) => {
    const out = await s.call('importDaggerRollouts', defined(input) as CallInput<'importDaggerRollouts'>);
    if (json) printJson('dagger import', out);
    else {
      for (const r of out.rollouts)
        say(`${r.episodeId}: ${r.frames} frames, policy ${r.policyVersion}, iteration ${r.iteration}`);
      say(
        `${out.rollouts.length} rollout(s) attached to ${out.runId}: label them in the studio (#/dagger/${out.runId})`,
      );
    }
    return 0;
  });
}
