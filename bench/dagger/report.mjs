// Pools the benchmark's seeds into tables (Wilson intervals over all evaluation rollouts of a point)
// and the series the plot draws.

function wilson(k, n, z = 1.959964) {
  if (n === 0) return [0, 1];
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [k === 0 ? 0 : Math.max(0, centre - half), k === n ? 1 : Math.min(1, centre + half)];
}

const avg = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Points of several seeds at the same iteration (or label count) as one: pooled successes, mean score. */
function pool(points) {
  const k = points.reduce((a, p) => a + p.successes, 0);
  const n = points.reduce((a, p) => a + p.episodes, 0);
  return {
    labels: Math.round(avg(points.map((p) => p.labels))),
    successes: k,
    episodes: n,
    successRate: k / n,
    ci95: wilson(k, n),
    score: avg(points.map((p) => p.score)),
  };
}

const byIteration = (runs, key) => runs[0][key].map((_, i) => pool(runs.map((r) => r[key][i])));
const atLabels = (runs, key, labels) =>
  pool(runs.map((r) => r[key].find((p) => p.labels === labels)).filter(Boolean));

/** The fewest labels at which a curve's pooled score reaches `target`, or null. */
const labelsToReach = (curve, target) => curve.find((p) => p.score >= target)?.labels ?? null;

export function summarize(lane, others) {
  const uncertain = byIteration(lane, 'uncertain');
  const first = byIteration(lane, 'first');
  const every = byIteration(lane, 'every');
  const equalLabels = uncertain.map((d, i) => {
    const bc = atLabels(lane, 'bc', d.labels);
    return {
      labels: d.labels,
      bc,
      daggerUncertain: d,
      daggerFirst: first[i],
      separated: d.ci95[0] > bc.ci95[1],
    };
  });
  const target = 0.99;
  const selection = {
    target,
    uncertain: labelsToReach(uncertain, target),
    firstFrames: labelsToReach(first, target),
    everyVisited: labelsToReach(every, target),
    bc: labelsToReach(
      [...new Set(lane[0].bc.map((p) => p.labels))].map((l) => atLabels(lane, 'bc', l)),
      target,
    ),
    everyCurve: every,
  };
  const table = (rows) =>
    rows.map((r) => ({
      labels: r.labels,
      bc: r.bc,
      dagger: r.dagger,
      separated: r.dagger.ci95[0] > r.bc.ci95[1],
    }));
  const otherTables = Object.fromEntries(
    Object.entries(others).map(([env, o]) => [
      env,
      table(o.every.map((d, i) => ({ labels: d.labels, bc: o.bc[i], dagger: d }))),
    ]),
  );
  const line = (name, curve, key) => ({
    name,
    points: curve.map((p) => ({
      x: p.labels,
      y: key === 'score' ? p.score : p.successRate,
      ...(key === 'score' ? {} : { lo: p.ci95[0], hi: p.ci95[1] }),
    })),
  });
  const bcCurve = equalLabels.map((r) => r.bc);
  return {
    tables: { lane: { equalLabels, selection }, ...otherTables },
    plot: {
      success: [
        line('BC (oracle demos)', bcCurve, 'success'),
        line('DAgger, uncertain', uncertain, 'success'),
        line('DAgger, first frames', first, 'success'),
      ],
      score: [
        line('BC (oracle demos)', bcCurve, 'score'),
        line('DAgger, uncertain', uncertain, 'score'),
        line('DAgger, first frames', first, 'score'),
      ],
    },
  };
}

const pct = (p) =>
  `${(p.successRate * 100).toFixed(1)}% [${(p.ci95[0] * 100).toFixed(1)}, ${(p.ci95[1] * 100).toFixed(1)}]`;

export function printTables(out) {
  console.log(
    `backend ${out.backend}, ${out.seconds} s, seeds ${out.seeds.join(',')}, ${out.evalEpisodes} eval rollouts a seed`,
  );
  console.log(
    '\nlane, equal labels: labels | BC success [95% CI] score | DAgger uncertain | DAgger first frames | separated',
  );
  for (const r of out.lane.equalLabels) {
    console.log(
      `${r.labels} | ${pct(r.bc)} ${r.bc.score.toFixed(3)} | ${pct(r.daggerUncertain)} ${r.daggerUncertain.score.toFixed(3)} | ` +
        `${pct(r.daggerFirst)} ${r.daggerFirst.score.toFixed(3)} | ${r.separated ? 'yes' : 'no'}`,
    );
  }
  const s = out.lane.selection;
  console.log(
    `\nlabels to reach score ${s.target}: uncertain ${s.uncertain}, first frames ${s.firstFrames}, every visited frame ${s.everyVisited}, BC ${s.bc}`,
  );
  console.log(
    `every visited frame: ${s.everyCurve.map((p) => `${p.labels} labels ${pct(p)} ${p.score.toFixed(3)}`).join('; ')}`,
  );
  for (const env of ['pusht', 'arm']) {
    if (!out[env]) continue;
    console.log(`\n${env} (seed 1, 50 eval rollouts): labels | BC | DAgger (every visited frame)`);
    for (const r of out[env])
      console.log(
        `${r.labels} | ${pct(r.bc)} ${r.bc.score.toFixed(3)} | ${pct(r.dagger)} ${r.dagger.score.toFixed(3)}`,
      );
  }
  console.log(`\nplot: ${out.plot}`);
}
