import { useEffect, useState } from 'react';
import type { WorkspaceInfo } from '../src/common/api';
import { ClientError } from './client';
import { LibraryScreen } from './features/library/LibraryScreen';
import { TrainScreen } from './features/training/TrainScreen';
import { ReplayScreen } from './features/replay/ReplayScreen';
import { useRoute } from './router';
import { useStudio } from './state/studioContext';

export function App() {
  const client = useStudio();
  const [info, setInfo] = useState<WorkspaceInfo | null>(null);
  const [error, setError] = useState<ClientError | Error | null>(null);
  const route = useRoute();

  useEffect(() => {
    client.call('workspaceInfo', {}).then(setInfo, setError);
  }, [client]);

  if (error) {
    const unauthorized = error instanceof ClientError && error.code === 'unauthorized';
    return (
      <div className="center-message" data-testid="app-error">
        <h1>Mimic Studio</h1>
        {unauthorized ? (
          <p>
            This page needs the access token. Open the full address that <code>mimic serve</code> or{' '}
            <code>npm start</code> printed (it ends in <code>?token=…</code>).
          </p>
        ) : (
          <p>Cannot reach the studio: {error.message}</p>
        )}
      </div>
    );
  }
  if (!info) return <div className="center-message">Opening workspace…</div>;
  switch (route.screen) {
    case 'episode':
      return <ReplayScreen episodeId={route.episodeId} atNs={route.atNs} />;
    case 'train':
      return <TrainScreen info={info} />;
    case 'settings':
    case 'library':
      return <LibraryScreen info={info} />;
  }
}
