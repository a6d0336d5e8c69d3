/**
 * What the Electron preload exposes as `window.studio`. Calls and events are checked against the
 * contract on both ends; the bridge itself carries names and plain data only.
 */
export interface StudioBridge {
  call(name: string, input: unknown): Promise<unknown>;
  on(listener: (name: string, payload: unknown) => void): () => void;
  /** The file system path of a dropped or picked file (Electron's webUtils.getPathForFile). */
  pathForFile(file: unknown): string;
}

/** Errors cross the bridge as text: `<code>: <message>`. */
export const BRIDGE_ERROR_PREFIX = 'studio-error:';
