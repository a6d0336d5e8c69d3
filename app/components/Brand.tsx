import type { WorkspaceInfo } from '../../src/common/api';

/** The app's name and the open workspace, at the left of a screen's top bar. */
export function Brand({ info }: { info: WorkspaceInfo }) {
  return (
    <div className="brand">
      Mimic Studio{' '}
      <span className="workspace" title={info.path}>
        {info.name}
      </span>
    </div>
  );
}
