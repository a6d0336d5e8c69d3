import { describe, expect, it } from 'vitest';
import { CameraCalibration, quaternionToRpy } from '../../../src/importers/recording/cameras';
import type { RecordingChannel } from '../../../src/importers/recording/types';

const channel = (topic: string, schemaName: string): RecordingChannel => ({
  topic,
  schemaName,
  schemaEncoding: 'ros1msg',
  messageEncoding: 'ros1',
  schema: new Uint8Array(),
});

describe('camera notes from a recording', () => {
  it('turns quaternions into URDF rpy', () => {
    expect(quaternionToRpy(0, 0, 0, 1)).toEqual([0, 0, 0]);
    const half = Math.SQRT1_2;
    expect(quaternionToRpy(0, 0, half, half)[2]).toBeCloseTo(Math.PI / 2, 12);
    // A ROS optical frame under its camera link: rpy (-90°, 0, -90°).
    const [r, p, y] = quaternionToRpy(-0.5, 0.5, -0.5, 0.5);
    expect(r).toBeCloseTo(-Math.PI / 2, 12);
    expect(p).toBeCloseTo(0, 12);
    expect(y).toBeCloseTo(-Math.PI / 2, 12);
  });

  it('joins a static transform and camera info (ROS 1 upper-case K) to the image frame they name', () => {
    const cal = new CameraCalibration();
    const tf = channel('/tf_static', 'tf2_msgs/TFMessage');
    const info = channel('/cam_high/camera_info', 'sensor_msgs/CameraInfo');
    expect(CameraCalibration.reads(tf)).toBe(true);
    expect(CameraCalibration.reads(channel('/tf', 'tf2_msgs/TFMessage'))).toBe(true);
    expect(CameraCalibration.reads(channel('/tf_other', 'tf2_msgs/TFMessage'))).toBe(false);
    expect(CameraCalibration.reads(info)).toBe(true);
    cal.add(tf, {
      transforms: [
        {
          header: { frame_id: 'head_link' },
          child_frame_id: 'cam_high_optical_frame',
          transform: {
            translation: { x: 0.1, y: 0, z: 0.05 },
            rotation: { x: -0.5, y: 0.5, z: -0.5, w: 0.5 },
          },
        },
      ],
    });
    cal.add(info, {
      header: { frame_id: 'cam_high_optical_frame' },
      width: 640,
      height: 480,
      K: [600, 0, 320, 0, 600, 240, 0, 0, 1],
    });
    expect(cal.wants(info)).toBe(false);
    const note = cal.noteFor('/cam_high/image_raw/compressed', 'cam_high_optical_frame')!;
    expect(note.intrinsics).toMatchObject({ fx: 600, fy: 600, cx: 320, cy: 240 });
    expect(note.intrinsics!.fovYDeg).toBeCloseTo(43.6028, 3);
    expect(note.mount).toMatchObject({ parent: 'head_link', xyz: [0.1, 0, 0.05] });
    expect(note.mount!.rpy[0]).toBeCloseTo(-Math.PI / 2, 12);
    // Camera info beside the images counts even when the image names another frame.
    expect(cal.noteFor('/cam_high/image_raw', 'elsewhere')).toMatchObject({
      mount: null,
      intrinsics: { fy: 600 },
    });
    expect(cal.noteFor('/wrist/image_raw', 'wrist')).toBeNull();
  });

  it('walks the frames up from a camera; a static transform wins over the first one of /tf', () => {
    const cal = new CameraCalibration();
    const tf = channel('/tf', 'tf2_msgs/TFMessage');
    const fixed = channel('/tf_static', 'tf2_msgs/TFMessage');
    const move = (parent: string, child: string, x: number) => ({
      transforms: [
        {
          header: { frame_id: parent },
          child_frame_id: child,
          transform: { translation: { x, y: 0, z: 0 }, rotation: { x: 0, y: 0, z: 0, w: 1 } },
        },
      ],
    });
    cal.add(tf, move('mount', 'cam', 1));
    cal.add(tf, move('mount', 'cam', 2));
    expect(cal.noteFor('/cam/image', 'cam')!.mount).toMatchObject({ parent: 'mount', xyz: [1, 0, 0] });
    cal.add(fixed, move('/mount', '/cam', 3));
    cal.add(tf, move('mount', 'cam', 4));
    cal.add(fixed, move('tool', 'mount', 5));
    const note = cal.noteFor('/cam/image', 'cam')!;
    expect(note.mount).toMatchObject({ parent: 'mount', xyz: [3, 0, 0] });
    expect(note.chain!.map((c) => [c.parent, c.xyz[0]])).toEqual([
      ['mount', 3],
      ['tool', 5],
    ]);
  });
});
