import type { Dataset } from '../../../src/common/api';

export function DatasetSidebar(props: {
  datasets: Dataset[];
  tags: { tag: string; count: number }[];
  datasetId: string | undefined;
  tag: string | undefined;
  onDataset(id: string | undefined): void;
  onTag(tag: string | undefined): void;
}) {
  const total = props.datasets.reduce((n, d) => n + d.episodeCount, 0);
  return (
    <nav className="sidebar" data-testid="sidebar">
      <h2>Datasets</h2>
      <ul>
        <li>
          <button
            className={props.datasetId === undefined ? 'active' : ''}
            onClick={() => props.onDataset(undefined)}
          >
            All episodes <span className="count">{total}</span>
          </button>
        </li>
        {props.datasets.map((d) => (
          <li key={d.id}>
            <button
              className={props.datasetId === d.id ? 'active' : ''}
              onClick={() => props.onDataset(d.id)}
              data-testid="dataset-item"
            >
              {d.name} <span className="count">{d.episodeCount}</span>
            </button>
          </li>
        ))}
      </ul>
      <h2>Tags</h2>
      {props.tags.length === 0 && <p className="hint">No tags yet</p>}
      <ul>
        {props.tags.map((t) => (
          <li key={t.tag}>
            <button
              className={props.tag === t.tag ? 'active' : ''}
              onClick={() => props.onTag(props.tag === t.tag ? undefined : t.tag)}
              data-testid="tag-filter"
            >
              #{t.tag} <span className="count">{t.count}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
