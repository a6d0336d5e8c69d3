import { mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../common/api';
import { probeVideo } from '../media/probe';
import type { MediaTools } from '../media/tools';
import { nextFile, videoFile, type FileIndex } from './lerobotLayout';
import { joinClips } from './videoClips';

/** Where one episode's frames of a camera lie: the file and the stretch of it, in seconds. */
export interface VideoWindow {
  at: FileIndex;
  fromS: number;
  toS: number;
}

/**
 * One camera's mp4 files. Each episode's clip joins the open file unless the file's size plus the
 * clip's would reach the limit; then the next file begins, at time 0 (LeRobot's `_save_episode_video`).
 * The clips of a file are joined without re-encoding when the file is closed, and removed.
 */
export class VideoFiles {
  private group: { at: FileIndex; clips: string[]; bytes: number; frames: number } | null = null;
  private last: FileIndex | null = null;
  /** Frames of each closed file, by its path. */
  readonly written: { file: string; frames: number }[] = [];
  /** The frame size of the first file written. */
  size: { width: number; height: number } | null = null;

  constructor(
    private readonly root: string,
    private readonly key: string,
    private readonly fps: number,
    private readonly limitBytes: number,
    private readonly tools: MediaTools,
    private readonly signal?: AbortSignal,
  ) {}

  async add(clip: string, frames: number): Promise<VideoWindow> {
    const bytes = statSync(clip).size;
    if (this.group && this.group.bytes + bytes >= this.limitBytes) await this.close();
    if (!this.group) {
      const at = this.last ? nextFile(this.last) : { chunk: 0, file: 0 };
      this.group = { at, clips: [], bytes: 0, frames: 0 };
      this.last = at;
    }
    const g = this.group;
    const fromS = g.frames / this.fps;
    g.clips.push(clip);
    g.bytes += bytes;
    g.frames += frames;
    return { at: g.at, fromS, toS: g.frames / this.fps };
  }

  /** Joins the open file's clips and checks it holds all their frames. */
  async close(): Promise<void> {
    const g = this.group;
    if (!g) return;
    this.group = null;
    const rel = videoFile(this.key, g.at);
    const file = path.join(this.root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    await joinClips(this.tools, g.clips, file, this.signal);
    for (const clip of g.clips) rmSync(clip, { force: true });
    const probe = await probeVideo(this.tools, file, this.signal);
    if (probe.timestampsNs.length !== g.frames) {
      throw new StudioError(
        'internal',
        `${rel}: ${probe.timestampsNs.length} frames after joining, expected ${g.frames}`,
      );
    }
    this.written.push({ file: rel, frames: g.frames });
    this.size ??= { width: probe.width, height: probe.height };
  }
}
