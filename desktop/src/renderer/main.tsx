import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App.js';
import { MissingBridge } from './components/MissingBridge.js';
import { hasBiblio } from './biblio.js';
import { I18nProvider } from './i18n/I18nProvider.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <I18nProvider>{hasBiblio() ? <App /> : <MissingBridge />}</I18nProvider>
  </StrictMode>,
);
