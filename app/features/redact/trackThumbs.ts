import { shownPicture, type CameraElements } from '../replay/videoElements';
import type { RedactReview } from './redactReview';

const SIZE = 56;

/**
 * Small pictures of each track's face: when the camera has settled on a frame, the region of each
 * track's box there is drawn to a canvas if its score beats the picture kept so far. Thumbnails
 * fill in as the reviewer moves through the video; no frame is decoded a second time.
 */
export class TrackThumbs {
  private readonly pictures = new Map<string, { url: string; score: number }>();
  private readonly listeners = new Set<() => void>();
  private readonly canvas = document.createElement('canvas');
  private version = 0;

  constructor(private readonly review: RedactReview) {
    this.canvas.width = SIZE;
    this.canvas.height = SIZE;
  }

  get revision(): number {
    return this.version;
  }
  url(trackId: string): string | null {
    return this.pictures.get(trackId)?.url ?? null;
  }
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Watches a camera held by the player: each time it settles on the frame the clock asks
   * for (`data-settled`, set by VideoSync) and has the frame's picture, that frame's boxes are cut
   * out. The returned function stops.
   */
  watch(camera: CameraElements): () => void {
    const { video } = camera;
    const capture = () => {
      const frame = Number(video.dataset.frame);
      if (video.dataset.settled !== '1' || !Number.isInteger(frame)) return;
      const picture = shownPicture(camera);
      if (picture instanceof HTMLVideoElement && picture.readyState < 2) return;
      this.capture(picture, this.review.fileFrame(frame));
    };
    const observer = new MutationObserver(capture);
    observer.observe(video, { attributes: true, attributeFilter: ['data-settled', 'data-frame'] });
    const offTracks = this.review.onDidChange((e) => e === 'tracks' && capture());
    // The frame callback can settle the element while it still seeks (readyState 1, nothing to
    // draw yet): the picture is cut when the seek completes instead.
    video.addEventListener('seeked', capture);
    video.addEventListener('loadeddata', capture);
    capture();
    return () => {
      observer.disconnect();
      offTracks();
      video.removeEventListener('seeked', capture);
      video.removeEventListener('loadeddata', capture);
    };
  }

  private capture(picture: HTMLVideoElement | HTMLCanvasElement, frame: number): void {
    if (this.review.player.clock.playing) return;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    let changed = false;
    for (const { track, box } of this.review.boxesAt(frame)) {
      const kept = this.pictures.get(track.id);
      if (kept && kept.score >= box.score) continue;
      ctx.fillStyle = '#000';
      ctx.fillRect(0, 0, SIZE, SIZE);
      const side = Math.max(box.w, box.h);
      const scale = SIZE / side;
      ctx.drawImage(
        picture,
        box.x,
        box.y,
        box.w,
        box.h,
        (SIZE - box.w * scale) / 2,
        (SIZE - box.h * scale) / 2,
        box.w * scale,
        box.h * scale,
      );
      this.pictures.set(track.id, { url: this.canvas.toDataURL('image/jpeg', 0.8), score: box.score });
      changed = true;
    }
    if (changed) {
      this.version++;
      for (const l of this.listeners) l();
    }
  }
}
