import type { WorkspaceInfo } from '../src/common/api';
import { ClientError } from './client';
import { Toast } from './components/Toast';
import { useCall, useStudioEvents } from './data';
import { LibraryScreen } from './features/library/LibraryScreen';
import { DaggerScreen } from './features/dagger/DaggerScreen';
import { RedactScreen } from './features/redact/RedactScreen';
import { ReplayScreen } from './features/replay/ReplayScreen';
import { SettingsScreen } from './features/settings/SettingsScreen';
import { TrainScreen } from './features/training/TrainScreen';
import { TriageScreen } from './features/triage/TriageScreen';
import { useRoute } from './router';

export function App() {
  const info = useCall('workspaceInfo', {}, { inline: true, staleTime: Infinity });

  if (info.error) {
    const unauthorized = info.error instanceof ClientError && info.error.code === 'unauthorized';
    return (
      <div className="center-message" data-testid="app-error">
        <h1>Mimic Studio</h1>
        {unauthorized ? (
          <p>
            This page needs the access token. Open the full address that <code>mimic serve</code> or{' '}
            <code>npm start</code> printed (it ends in <code>?token=…</code>).
          </p>
        ) : (
          <p>Cannot reach the studio: {info.error.message}</p>
        )}
      </div>
    );
  }
  if (!info.data) return <div className="center-message">Opening workspace…</div>;
  return (
    <>
      <Screen info={info.data} />
      <Toast />
    </>
  );
}

/** The screen the address names, once the workspace is open. */
function Screen({ info }: { info: WorkspaceInfo }) {
  useStudioEvents();
  const route = useRoute();
  switch (route.screen) {
    case 'episode':
      return <ReplayScreen episodeId={route.episodeId} atNs={route.atNs} />;
    case 'redact':
      return <RedactScreen episodeId={route.episodeId} />;
    case 'train':
      return <TrainScreen info={info} />;
    case 'settings':
      return <SettingsScreen info={info} />;
    case 'dagger':
      return <DaggerScreen info={info} runId={route.runId} episodeId={route.episodeId} />;
    case 'quality':
      return <TriageScreen key={route.dataset} dataset={route.dataset} info={info} />;
    case 'library':
      return <LibraryScreen info={info} />;
  }
}
