type Listener = () => void;

/**
 * The replay screen's `<video>` elements by stream name, so the 3D view can show a camera's live
 * image without decoding the video a second time.
 */
export class VideoElements {
  private readonly elements = new Map<string, HTMLVideoElement>();
  private readonly listeners = new Set<Listener>();

  get(name: string): HTMLVideoElement | null {
    return this.elements.get(name) ?? null;
  }

  /** Registers an element; the returned function unregisters it. */
  add(name: string, video: HTMLVideoElement): () => void {
    this.elements.set(name, video);
    this.emit();
    return () => {
      if (this.elements.get(name) === video) this.elements.delete(name);
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
