import type { StudioBridge } from '../../src/common/api';
import { createBridgeClient } from './bridgeClient';
import { createHttpClient } from './httpClient';
import type { StudioClient } from './studioClient';

declare global {
  interface Window {
    studio?: StudioBridge;
  }
}

/** Electron's bridge when the preload put one there, else the web host over HTTP. */
export function createClient(): StudioClient {
  return window.studio ? createBridgeClient(window.studio) : createHttpClient();
}

export type { StudioClient } from './studioClient';
export { ClientError } from './studioClient';
