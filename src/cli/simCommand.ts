import { GenerateParamsSchema, type GeneratedEpisode } from '../generate/generateDemos';
import { say } from './output';
import { runJobInForeground } from './runJob';

/** `mimic sim`: scripted demonstrations from a built-in simulator, written as episodes. */
export async function simCommand(dir: string, raw: Record<string, unknown>, json: boolean): Promise<number> {
  const parsed = GenerateParamsSchema.safeParse(raw);
  if (!parsed.success) {
    say(`mimic sim: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return 2;
  }
  const p = parsed.data;
  const done = await runJobInForeground(dir, 'generate', `Simulate ${p.episodes} ${p.env} episodes`, p, json);
  if (done.state !== 'succeeded') {
    say(`mimic sim: ${done.state}${done.error ? `: ${done.error}` : ''}`);
    return 1;
  }
  const { episodes } = done.result as { episodes: GeneratedEpisode[] };
  if (json) process.stdout.write(JSON.stringify({ episodes }) + '\n');
  else {
    for (const e of episodes) say(`${e.id}  ${e.skill.padEnd(6)}  ${e.success ? 'success' : 'failure'}`);
    say(
      `${episodes.filter((e) => e.success).length} of ${episodes.length} successful, in dataset "${p.dataset}"`,
    );
  }
  return 0;
}
