import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { Box } from '../../src/redact/boxes';
import { EGOBLUR, FIXTURES, mediaTools } from './workspace';

/** Frame times of the variable-rate clips: gaps from 20 ms growing by 1.4 ms a frame. */
export const VFR_SETPTS = "settb=1/90000,setpts='(N*N*0.7+N*20)/1000/TB'";

/**
 * A variable-rate cut of the EgoBlur clip (a real face in every frame), scaled down, with an audio
 * track and the tags a phone or camera writes: GPS position, device serial, make/model, creation time.
 */
export function taggedFaceClip(file: string, frames = 45, ffmpeg = mediaTools().ffmpeg): string {
  execFileSync(ffmpeg, [
    '-v',
    'error',
    '-y',
    '-i',
    EGOBLUR,
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:duration=3',
    '-map',
    '0:v',
    '-map',
    '1:a',
    '-frames:v',
    String(frames),
    '-vf',
    `scale=304:540,${VFR_SETPTS}`,
    '-vsync',
    'passthrough',
    '-enc_time_base',
    '1/90000',
    '-video_track_timescale',
    '90000',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-g',
    '15',
    '-c:a',
    'aac',
    '-shortest',
    '-movflags',
    'use_metadata_tags',
    '-metadata',
    'location=+37.7749-122.4194+010.000/',
    '-metadata',
    'com.apple.quicktime.location.ISO6709=+37.7749-122.4194/',
    '-metadata',
    'serial_number=CAM-SN-0042',
    '-metadata',
    'com.apple.quicktime.make=Acme',
    '-metadata',
    'com.apple.quicktime.model=Bodycam 3',
    '-metadata',
    'creation_time=2024-05-01T10:00:00Z',
    '-metadata:s:v',
    'serial_number=SENSOR-77',
    file,
  ]);
  return file;
}

/** The first `frames` frames of the EgoBlur clip, scaled to 304×540, video only. */
export function faceClip(file: string, frames: number): string {
  const args = ['-v', 'error', '-y', '-i', EGOBLUR, '-frames:v', String(frames), '-vf', 'scale=304:540'];
  execFileSync(mediaTools().ffmpeg, [...args, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', file]);
  return file;
}

/** A 30-frame clip whose video starts 0.2 s after its audio (as a camera's file may). */
export function lateVideoClip(dir: string): string {
  const ffmpeg = mediaTools().ffmpeg;
  const [v, a, out] = ['v.mp4', 'a.m4a', 'late.mp4'].map((n) => path.join(dir, n)) as [
    string,
    string,
    string,
  ];
  execFileSync(ffmpeg, [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=320x240:rate=30',
    '-frames:v',
    '30',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    v,
  ]);
  execFileSync(ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=duration=2', '-c:a', 'aac', a]);
  execFileSync(ffmpeg, [
    '-v',
    'error',
    '-y',
    '-itsoffset',
    '0.2',
    '-i',
    v,
    '-i',
    a,
    '-map',
    '0:v',
    '-map',
    '1:a',
    '-c',
    'copy',
    out,
  ]);
  return out;
}

/** The dlib photographs and their hand-drawn face boxes (`fixtures`: the tests' fixtures folder). */
export function dlibFaces(
  fixtures = FIXTURES,
): { file: string; width: number; height: number; faces: Box[] }[] {
  const dir = path.join(fixtures, 'faces', 'dlib');
  type XmlBox = { top: string; left: string; width: string; height: string };
  type XmlImage = { file: string; width: string; height: string; box: XmlBox | XmlBox[] };
  const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
    readFileSync(path.join(dir, 'training.xml'), 'utf8'),
  ) as { dataset: { images: { image: XmlImage | XmlImage[] } } };
  return [xml.dataset.images.image].flat().map((im) => ({
    file: path.join(dir, im.file),
    width: Number(im.width),
    height: Number(im.height),
    faces: [im.box].flat().map((b) => ({ x: +b.left, y: +b.top, w: +b.width, h: +b.height })),
  }));
}

/** One decoded frame of a video as grey pixels. */
export function greyFrame(file: string, frame: number, width: number, height: number): Uint8Array {
  const out = execFileSync(mediaTools().ffmpeg, [
    '-v',
    'error',
    '-i',
    file,
    '-vf',
    `select=eq(n\\,${frame})`,
    '-vsync',
    'passthrough',
    '-frames:v',
    '1',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'gray',
    'pipe:1',
  ]);
  if (out.length !== width * height) throw new Error(`${file}: frame ${frame} not decoded`);
  return new Uint8Array(out);
}

/** Mean absolute difference of two grey frames inside a box. */
export function meanDiff(a: Uint8Array, b: Uint8Array, width: number, box: Box): number {
  let sum = 0;
  for (let y = box.y; y < box.y + box.h; y++)
    for (let x = box.x; x < box.x + box.w; x++) sum += Math.abs(a[y * width + x]! - b[y * width + x]!);
  return sum / (box.w * box.h);
}
