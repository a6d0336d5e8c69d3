import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createClient } from './client';
import { AppHistory, HistoryContext } from './state/history';
import { StudioContext } from './state/studioContext';
import './styles.css';

// The token reached the server with this page's URL and now lives in a cookie; keep it out of
// the address bar, history and screenshots.
if (new URL(window.location.href).searchParams.has('token')) {
  window.history.replaceState(null, '', window.location.pathname);
}

const client = createClient();
const history = new AppHistory();
createRoot(document.getElementById('root')!).render(
  <StudioContext.Provider value={client}>
    <HistoryContext.Provider value={history}>
      <App />
    </HistoryContext.Provider>
  </StudioContext.Provider>,
);
