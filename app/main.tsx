import { QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createClient } from './client';
import { NoticesContext } from './components/Toast';
import { createQueryClient, invalidatingClient } from './data';
import { AppHistory, HistoryContext } from './state/history';
import { Notices } from './state/notices';
import { StudioContext } from './state/studioContext';
import './styles.css';

// The token reached the server with this page's URL and now lives in a cookie; keep it out of
// the address bar, history and screenshots.
if (new URL(window.location.href).searchParams.has('token')) {
  window.history.replaceState(null, '', window.location.pathname + window.location.hash);
}

const notices = new Notices();
const queries = createQueryClient(notices);
// Every write through this client, undo and redo included, refreshes the reads it changes.
const client = invalidatingClient(createClient(), queries);
const history = new AppHistory();
createRoot(document.getElementById('root')!).render(
  <StudioContext.Provider value={client}>
    <QueryClientProvider client={queries}>
      <NoticesContext.Provider value={notices}>
        <HistoryContext.Provider value={history}>
          <App />
        </HistoryContext.Provider>
      </NoticesContext.Provider>
    </QueryClientProvider>
  </StudioContext.Provider>,
);
