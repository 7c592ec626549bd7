import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connection } from './api/connection';
import { notify } from './components/notifications';
import { BerthError } from '../../shared/contract/errors';
import './features';
import './styles.css';

// Nothing fails silently: a promise nobody awaited still reaches the user as a message.
window.addEventListener('unhandledrejection', (e) => {
  const err: unknown = e.reason;
  if (err instanceof BerthError && (err.code === 'cancelled' || err.code === 'disconnected')) return;
  notify('error', err instanceof Error ? err.message : String(err));
});

connection.start();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
