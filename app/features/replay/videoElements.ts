type Listener = () => void;

/** A camera's picture: its `<video>`, and the canvas of still frames drawn over it (if any). */
export interface CameraElements {
  video: HTMLVideoElement;
  still: HTMLCanvasElement | null;
}

/** What a camera shows now: the still canvas while it is shown, else the video element. */
export function shownPicture(c: CameraElements): HTMLVideoElement | HTMLCanvasElement {
  return c.still?.dataset.shown === '1' ? c.still : c.video;
}

/**
 * The replay screen's `<video>` elements (and still canvases) by stream name, so the 3D view and
 * other panels can show a camera's live image without decoding the video a second time. A still
 * canvas fires `drawn` each time it draws, shows or hides.
 */
export class VideoElements {
  private readonly elements = new Map<string, CameraElements>();
  private readonly listeners = new Set<Listener>();

  get(name: string): HTMLVideoElement | null {
    return this.elements.get(name)?.video ?? null;
  }

  camera(name: string): CameraElements | null {
    return this.elements.get(name) ?? null;
  }

  /** Registers an element; the returned function unregisters it. */
  add(name: string, video: HTMLVideoElement, still: HTMLCanvasElement | null = null): () => void {
    const entry = { video, still };
    this.elements.set(name, entry);
    this.emit();
    return () => {
      if (this.elements.get(name) === entry) this.elements.delete(name);
      this.emit();
    };
  }

  onDidChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
