import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ImportInputError } from '../inputError';
import { outsideFloat32 } from '../limits';
import { imageFrame } from './cameras';
import type { Decode } from './decoders';
import { compressedFrame, rawFrame } from './imageFrames';
import { SeriesCollector } from './seriesCollector';
import { MAX_COLUMNS, numericFields, streamName, type TopicKind } from './topicKinds';
import type { RecordingChannel } from './types';
import { VideoTopic } from './videoTopic';

/** What one topic's messages are turned into while a file is read. */
export type TopicReader =
  | { kind: 'video'; video: VideoTopic }
  | { kind: 'series'; streams: { name: string; series: SeriesCollector }[] }
  | { kind: 'skipped'; reason: string };

type Row = Record<string, unknown>;

/** Reads one topic's messages; `add` returns why the topic is skipped when its first message shows it cannot be read. */
export class TopicReading {
  private state: TopicReader | null = null;
  private jointColumns = new Map<string, number[]>();
  private numericIndex: Map<string, number> | null = null;
  count = 0;
  /** The frame an image topic's first message names (its camera's frame). */
  frameId: string | null = null;

  constructor(
    private readonly file: string,
    readonly channel: RecordingChannel,
    private readonly kind: TopicKind,
    private readonly decode: Decode,
    private readonly tmpDir: string,
  ) {}

  get result(): TopicReader | null {
    return this.state;
  }

  private fail(problem: string): never {
    const { topic, schemaName } = this.channel;
    throw new ImportInputError(
      this.file,
      `${this.file}: message ${this.count} of ${topic} (${schemaName}): ${problem}`,
    );
  }

  async add(timeNs: bigint, data: Uint8Array): Promise<void> {
    if (this.state?.kind === 'skipped') return;
    this.count++;
    let message: Row;
    try {
      message = this.decode(data) as Row;
    } catch (e) {
      this.fail(`does not decode (${(e as Error).message})`);
    }
    if (!message || typeof message !== 'object') this.fail('does not decode to a message');
    switch (this.kind) {
      case 'compressedImage':
      case 'rawImage':
        return this.addImage(timeNs, message);
      case 'jointState':
        return this.addJoints(timeNs, message);
      case 'numeric':
        return this.addNumeric(timeNs, message);
    }
  }

  private async addImage(timeNs: bigint, message: Row): Promise<void> {
    const frame = this.kind === 'compressedImage' ? compressedFrame(message) : rawFrame(message);
    if ('problem' in frame) {
      if (this.count === 1) this.state = { kind: 'skipped', reason: frame.problem };
      else this.fail(frame.problem);
      return;
    }
    if (!this.state) {
      this.frameId = imageFrame(message);
      const dir = path.join(
        this.tmpDir,
        `topic-${this.channel.topic.replace(/[^A-Za-z0-9_-]+/g, '_')}-${Math.random().toString(36).slice(2, 8)}`,
      );
      await mkdir(dir);
      this.state = { kind: 'video', video: new VideoTopic(this.channel.topic, dir) };
    }
    if (this.state.kind !== 'video') return;
    const problem = await this.state.video.push(timeNs, frame);
    if (problem) this.fail(problem);
  }

  private addJoints(timeNs: bigint, message: Row): void {
    const names = Array.isArray(message.name) ? (message.name as unknown[]).map(String) : [];
    const arrays = (['position', 'velocity', 'effort'] as const).map((k) => {
      const v = message[k];
      return ArrayBuffer.isView(v) || Array.isArray(v) ? (v as ArrayLike<number>) : [];
    });
    if (!this.state) {
      const width = Math.max(names.length, ...arrays.map((a) => a.length));
      if (width === 0) this.fail('a joint state with no joints');
      const columns = Array.from({ length: width }, (_, i) => names[i] || `joint_${i}`);
      const base = streamName(this.channel.topic);
      this.state = {
        kind: 'series',
        streams: ['', '.velocity', '.effort'].map((suffix) => ({
          name: base + suffix,
          series: new SeriesCollector(columns),
        })),
      };
    }
    if (this.state.kind !== 'series') return;
    const columns = this.state.streams[0]!.series.columns;
    const key = names.join('\0');
    let index = this.jointColumns.get(key);
    if (!index) {
      // Each message names its joints; map them to the first message's columns by name.
      index = names.length > 0 ? names.map((n) => columns.indexOf(n)) : columns.map((_, i) => i);
      this.jointColumns.set(key, index);
    }
    const at = index;
    for (const [k, { series }] of this.state.streams.entries()) {
      const values = arrays[k]!;
      const byColumn = new Float64Array(columns.length).fill(NaN);
      for (let i = 0; i < values.length && i < at.length; i++)
        if (at[i]! >= 0) byColumn[at[i]!] = this.checked(values[i]!, columns[at[i]!]!);
      series.push(timeNs, (c) => byColumn[c]!);
    }
  }

  private addNumeric(timeNs: bigint, message: Row): void {
    const fields = numericFields(message);
    if (!this.state) {
      if (fields.length === 0) {
        this.state = { kind: 'skipped', reason: 'it has no numeric fields' };
        return;
      }
      if (fields.length > MAX_COLUMNS) {
        this.state = { kind: 'skipped', reason: `it has more than ${MAX_COLUMNS} numeric fields` };
        return;
      }
      const columns = fields.map(([p]) => p);
      this.numericIndex = new Map(columns.map((c, i) => [c, i]));
      this.state = {
        kind: 'series',
        streams: [{ name: streamName(this.channel.topic), series: new SeriesCollector(columns) }],
      };
    }
    if (this.state.kind !== 'series') return;
    const series = this.state.streams[0]!.series;
    const row = new Float64Array(series.columns.length).fill(NaN);
    for (const [p, v] of fields) {
      const i = this.numericIndex!.get(p);
      if (i !== undefined) row[i] = this.checked(v, p);
    }
    series.push(timeNs, (c) => row[c]!);
  }

  /** A value float32 cannot hold would silently become infinite. */
  private checked(v: number, column: string): number {
    if (Number.isFinite(v) && outsideFloat32(v))
      this.fail(`${column} = ${v} is outside the float32 range series are stored in`);
    return v;
  }
}
