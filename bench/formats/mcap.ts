import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { McapIndexedReader, McapWriter, type IReadable } from '@mcap/core';
import { loadDecompressHandlers } from '@mcap/support';
import { importRecording } from '../../src/importers/recording/importRecording';
import { locateMediaTools } from '../../src/media/tools';
import { Workspace } from '../../src/workspace/workspace';

// A ~100 MB MCAP made of a real robot's messages (the G1 fixture's JointState and JPEG
// CompressedImage payloads, with their ROS 1 schemas): images at 30 Hz and joints at 100 Hz, in
// uncompressed chunks with an index, as recorders write them.

const FIXTURE = path.resolve('tests/fixtures/mcap/g1_ep1_3s_ros1_zstd.mcap');
export const JOINT_TOPICS = ['/joint_states', '/joint_commands'];
export const IMAGE_TOPIC = '/cam_high/image_raw/compressed';

async function readable(file: string): Promise<{ readable: IReadable; close(): Promise<void> }> {
  const fh = await open(file);
  const size = BigInt((await fh.stat()).size);
  return {
    readable: {
      size: () => Promise.resolve(size),
      read: async (offset, length) => {
        const buf = new Uint8Array(Number(length));
        await fh.read(buf, 0, buf.length, Number(offset));
        return buf;
      },
    },
    close: () => fh.close(),
  };
}

async function openIndexed(file: string) {
  const r = await readable(file);
  const reader = await McapIndexedReader.Initialize({
    readable: r.readable,
    decompressHandlers: await loadDecompressHandlers(),
  });
  return { reader, close: r.close };
}

/** Writes the MCAP; returns its size and the JPEG payloads of its images, in order. */
export async function synthesizeMcap(
  file: string,
  targetBytes: number,
): Promise<{ bytes: number; seconds: number; images: Uint8Array[] }> {
  const { reader, close } = await openIndexed(FIXTURE);
  const byTopic = new Map<string, Uint8Array[]>();
  for await (const m of reader.readMessages()) {
    const topic = reader.channelsById.get(m.channelId)!.topic;
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), m.data]);
  }
  const imageBytes =
    byTopic.get(IMAGE_TOPIC)!.reduce((n, d) => n + d.length, 0) / byTopic.get(IMAGE_TOPIC)!.length;
  const seconds = Math.max(1, Math.round(targetBytes / (imageBytes * 30)));
  const fh = await open(file, 'w');
  let position = 0n;
  const writer = new McapWriter({
    writable: {
      position: () => position,
      write: async (buffer) => {
        await fh.write(buffer);
        position += BigInt(buffer.length);
      },
    },
    chunkSize: 4 * 1024 * 1024,
  });
  await writer.start({ profile: reader.header.profile, library: 'mimic-studio bench' });
  const ids = new Map<string, number>();
  for (const c of reader.channelsById.values()) {
    const s = reader.schemasById.get(c.schemaId)!;
    const schemaId = await writer.registerSchema({ name: s.name, encoding: s.encoding, data: s.data });
    ids.set(c.topic, await writer.registerChannel({ ...c, schemaId }));
  }
  const images: Uint8Array[] = [];
  // Messages in time order: the joints at every 10 ms tick, an image at 30 of each 100 ticks.
  const t0 = 1_700_000_000_000_000_000n;
  let sequence = 0;
  for (let tick = 0; tick < seconds * 100; tick++) {
    const at = t0 + BigInt(tick) * 10_000_000n;
    for (const topic of JOINT_TOPICS) {
      const data = byTopic.get(topic)!;
      await writer.addMessage({
        channelId: ids.get(topic)!,
        sequence: sequence++,
        logTime: at,
        publishTime: at,
        data: data[tick % data.length]!,
      });
    }
    // 30 of every 100 ticks carry an image: 30 Hz beside the joints' 100 Hz.
    if ((tick * 30) % 100 < 30) {
      const data = byTopic.get(IMAGE_TOPIC)!;
      const image = data[images.length % data.length]!;
      images.push(image);
      await writer.addMessage({
        channelId: ids.get(IMAGE_TOPIC)!,
        sequence: sequence++,
        logTime: at,
        publishTime: at,
        data: image,
      });
    }
  }
  await writer.end();
  await fh.close();
  await close();
  return { bytes: statSync(file).size, seconds, images };
}

/** A bare indexed read of some topics with @mcap/core: every message's bytes, nothing decoded. */
export async function bareRead(file: string, topics: string[]): Promise<number> {
  const { reader, close } = await openIndexed(file);
  let bytes = 0;
  for await (const m of reader.readMessages({ topics })) bytes += m.data.length;
  await close();
  return bytes;
}

/** The studio's import of some topics of the file into a fresh workspace, as the import job runs it. */
export async function importTopics(file: string, wsDir: string, topics: string[]): Promise<number> {
  rmSync(wsDir, { recursive: true, force: true });
  const ws = Workspace.init(wsDir);
  try {
    const r = await importRecording(ws, file, { dataset: 'bench', tools: locateMediaTools().tools, topics });
    if (!('episode' in r) || !r.episode) throw new Error('the bench file was not imported');
    return r.episode.streams.reduce((n, s) => n + s.frames, 0);
  } finally {
    ws.close();
  }
}

/** ffmpeg encoding the same JPEGs from numbered files on disk, with the importer's encoder settings. */
export function ffmpegFromDisk(images: Uint8Array[], dir: string): void {
  const ffmpeg = locateMediaTools().tools!.ffmpeg;
  execFileSync(ffmpeg, [
    ...['-v', 'error', '-f', 'image2', '-framerate', '30', '-i', path.join(dir, '%06d.jpg')],
    ...['-vf', 'scale=trunc(iw/2)*2:trunc(ih/2)*2', '-c:v', 'libx264', '-preset', 'veryfast'],
    ...['-crf', '23', '-g', '10', '-pix_fmt', 'yuv420p', '-an', '-y', path.join(dir, 'out.mp4')],
  ]);
  if (images.length === 0) throw new Error('no images');
}

export function writeFrames(images: Uint8Array[], dir: string): void {
  mkdirSync(dir, { recursive: true });
  images.forEach((img, i) => writeFileSync(path.join(dir, `${String(i).padStart(6, '0')}.jpg`), img));
}

export async function runMcap(dir: string, reps: number) {
  const file = path.join(dir, 'g1-long.mcap');
  const synth = await synthesizeMcap(file, 100e6);
  const frames = path.join(dir, 'frames');
  writeFrames(synth.images, frames);
  const time = async (f: () => unknown) => {
    const t = performance.now();
    await f();
    return performance.now() - t;
  };
  const out = {
    bare: [] as number[],
    series: [] as number[],
    ffmpeg: [] as number[],
    transcode: [] as number[],
  };
  for (let i = 0; i < reps; i++) {
    out.bare.push(await time(() => bareRead(file, JOINT_TOPICS)));
    out.series.push(await time(() => importTopics(file, path.join(dir, 'ws'), JOINT_TOPICS)));
  }
  // Transcoding takes tens of seconds: one pair per run is enough to compare.
  out.ffmpeg.push(await time(() => ffmpegFromDisk(synth.images, frames)));
  out.transcode.push(await time(() => importTopics(file, path.join(dir, 'ws'), [IMAGE_TOPIC])));
  rmSync(dir, { recursive: true, force: true });
  return {
    bytes: synth.bytes,
    seconds: synth.seconds,
    images: synth.images.length,
    jointMessages: synth.seconds * 100 * 2,
    ...out,
  };
}
