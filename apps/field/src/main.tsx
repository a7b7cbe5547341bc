import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { unstableSetRender } from 'antd-mobile';
import { registerSW } from 'virtual:pwa-register';
import { App } from './app/App';
import { appUpdate } from './app/app-update';
import './app/app.css';

// antd-mobile 5 draws its dialogs and toasts with React 18's render: give it React 19's roots.
unstableSetRender((node, container) => {
  const root = createRoot(container);
  root.render(node);
  return async () => {
    root.unmount();
  };
});

// The app shell works offline once the service worker holds it. A new version is offered in the
// status bar and taken when the worker says so (or on the next start).
const updateServiceWorker = registerSW({
  immediate: true,
  onNeedRefresh() {
    appUpdate.set(() => void updateServiceWorker(true));
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
