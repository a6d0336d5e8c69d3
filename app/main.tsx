import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createClient } from './client';
import { StudioContext } from './state/studioContext';
import './styles.css';

// The token reached the server with this page's URL and now lives in a cookie; keep it out of
// the address bar, history and screenshots.
if (new URL(window.location.href).searchParams.has('token')) {
  window.history.replaceState(null, '', window.location.pathname);
}

const client = createClient();
createRoot(document.getElementById('root')!).render(
  <StudioContext.Provider value={client}>
    <App />
  </StudioContext.Provider>,
);
