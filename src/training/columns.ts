/**
 * Reading a dataset's column names: what relative actions and object frames are resolved from.
 * LeRobot-style prefixes (`observation.state.`, `observation.`, `action.`) are read through.
 */

/** A column's own name: `observation.state.agent_x` -> `agent_x`. */
export const columnName = (c: string) => c.replace(/^(observation\.state|observation|action)\./, '');

/** Column index by own name. */
export const columnIndex = (columns: readonly string[]) => new Map(columns.map((c, i) => [columnName(c), i]));

/** The points of a column list: each `<name>_x` column with its `<name>_y` partner, as indices. */
export function pointsOf(columns: readonly string[]): { name: string; pair: [number, number] }[] {
  const index = columnIndex(columns);
  const out: { name: string; pair: [number, number] }[] = [];
  for (const [c, i] of index) {
    const name = c.match(/^(.*)_x$/)?.[1];
    const j = name === undefined ? undefined : index.get(`${name}_y`);
    if (name !== undefined && j !== undefined) out.push({ name, pair: [i, j] });
  }
  return out;
}
