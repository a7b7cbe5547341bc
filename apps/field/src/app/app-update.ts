import { createStore } from '../lib/store';

/** Set when a new version of the app is ready: calling it switches to it (and reloads). */
export const appUpdate = createStore<(() => void) | null>(null);
