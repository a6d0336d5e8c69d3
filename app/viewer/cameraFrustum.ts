import * as THREE from 'three';

/** Where a camera sits and how it projects (see CameraMountSchema): optical frame z forward, y down. */
export interface FrustumSpec {
  name: string;
  xyz: readonly [number, number, number];
  rpy: readonly [number, number, number];
  fovYDeg: number | null;
  orthoHeightM: number | null;
  depthM: number;
  /** Image width / height. */
  aspect: number;
}

/**
 * A camera drawn in the scene: its frustum (a pyramid, or a box for an orthographic camera) and, on
 * the far plane, the camera's live image as a video texture. Lives in the parent link's frame.
 */
export class CameraFrustum {
  readonly group = new THREE.Group();
  private readonly plane: THREE.Mesh<THREE.PlaneGeometry, THREE.MeshBasicMaterial>;
  private texture: THREE.VideoTexture | null = null;
  private video: HTMLVideoElement | null = null;
  private frameCallback = 0;
  /** The still frames drawn over the video while paused (see VideoElements), as a second texture. */
  private still: HTMLCanvasElement | null = null;
  private stillTexture: THREE.CanvasTexture | null = null;

  constructor(
    readonly spec: FrustumSpec,
    private readonly onFrame: () => void,
  ) {
    this.group.name = `camera:${spec.name}`;
    this.group.position.set(...spec.xyz);
    // URDF rpy: fixed-axis roll, pitch, yaw = R = Rz(yaw) Ry(pitch) Rx(roll).
    this.group.rotation.set(spec.rpy[0], spec.rpy[1], spec.rpy[2], 'ZYX');
    const d = spec.depthM;
    const halfH =
      spec.orthoHeightM !== null ? spec.orthoHeightM / 2 : d * Math.tan((spec.fovYDeg! * Math.PI) / 360);
    const halfW = halfH * spec.aspect;
    const far = [
      [-halfW, -halfH, d],
      [halfW, -halfH, d],
      [halfW, halfH, d],
      [-halfW, halfH, d],
    ];
    const near = spec.orthoHeightM !== null ? far.map(([x, y]) => [x!, y!, 0]) : far.map(() => [0, 0, 0]);
    const points: number[] = [];
    for (let i = 0; i < 4; i++) {
      points.push(...near[i]!, ...far[i]!);
      points.push(...far[i]!, ...far[(i + 1) % 4]!);
      if (spec.orthoHeightM !== null) points.push(...near[i]!, ...near[(i + 1) % 4]!);
    }
    // A mark on the image's top edge, so the image's up direction shows.
    points.push(-halfW * 0.3, -halfH, d, 0, -halfH * 1.25, d, 0, -halfH * 1.25, d, halfW * 0.3, -halfH, d);
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.Float32BufferAttribute(points, 3));
    this.group.add(
      new THREE.LineSegments(
        geometry,
        new THREE.LineBasicMaterial({ color: 0xffd84a, transparent: true, opacity: 0.55 }),
      ),
    );
    this.plane = new THREE.Mesh(
      new THREE.PlaneGeometry(2 * halfW, 2 * halfH),
      new THREE.MeshBasicMaterial({
        color: 0x3a4150,
        side: THREE.DoubleSide,
        transparent: true,
        opacity: 0.5,
      }),
    );
    // The plane faces the camera, with the image's top at optical -y (y points down in the image).
    this.plane.position.set(0, 0, d);
    this.plane.rotation.x = Math.PI;
    this.group.add(this.plane);
  }

  /**
   * Shows a video element's current frame on the image plane (or none), re-rendering per frame; while
   * `still` (a canvas of still frames over the video) is shown, its picture instead.
   */
  setVideo(video: HTMLVideoElement | null, still: HTMLCanvasElement | null = null): void {
    if (video === this.video && still === this.still) return;
    this.releaseVideo();
    this.video = video;
    this.still = video ? still : null;
    const m = this.plane.material;
    if (!video) {
      m.map = null;
      m.color.set(0x3a4150);
      m.opacity = 0.5;
      m.needsUpdate = true;
      return;
    }
    this.texture = new THREE.VideoTexture(video);
    this.texture.colorSpace = THREE.SRGBColorSpace;
    m.map = this.texture;
    m.color.set(0xffffff);
    m.opacity = 0.92;
    m.needsUpdate = true;
    // A paused video presents no new frame, so upload the one it shows now as well as each new one.
    if (video.readyState >= 2) this.texture.needsUpdate = true;
    const tick = () => {
      if (this.texture) this.texture.needsUpdate = true;
      this.onFrame();
      this.frameCallback = video.requestVideoFrameCallback(tick);
    };
    this.frameCallback = video.requestVideoFrameCallback(tick);
    if (this.still) {
      this.stillTexture = new THREE.CanvasTexture(this.still);
      this.stillTexture.colorSpace = THREE.SRGBColorSpace;
      this.still.addEventListener('drawn', this.onStill);
      this.onStill();
    }
    if (video.readyState >= 2) this.onFrame();
    else video.addEventListener('loadeddata', this.onLoaded);
  }

  /** The still canvas drew, showed or hid: the plane shows whichever is on top of the video. */
  private readonly onStill = () => {
    const m = this.plane.material;
    const shown = this.still?.dataset.shown === '1' && this.stillTexture !== null;
    const map = shown ? this.stillTexture : this.texture;
    if (shown) this.stillTexture!.needsUpdate = true;
    if (m.map !== map) {
      m.map = map;
      m.needsUpdate = true;
    }
    this.onFrame();
  };

  /** The image plane, which the view frames (the frustum's lines may reach far beyond the scene). */
  get imagePlane(): THREE.Object3D {
    return this.plane;
  }

  get hasImage(): boolean {
    return this.texture !== null;
  }

  private readonly onLoaded = () => {
    if (this.texture) this.texture.needsUpdate = true;
    this.onFrame();
  };

  private releaseVideo(): void {
    this.still?.removeEventListener('drawn', this.onStill);
    this.stillTexture?.dispose();
    this.stillTexture = null;
    this.still = null;
    this.video?.removeEventListener('loadeddata', this.onLoaded);
    if (this.video && this.frameCallback) this.video.cancelVideoFrameCallback(this.frameCallback);
    this.frameCallback = 0;
    this.texture?.dispose();
    this.texture = null;
  }

  dispose(): void {
    this.releaseVideo();
    this.group.removeFromParent();
    this.plane.geometry.dispose();
    this.plane.material.dispose();
    for (const child of this.group.children)
      if (child instanceof THREE.LineSegments) {
        (child.geometry as THREE.BufferGeometry).dispose();
        (child.material as THREE.Material).dispose();
      }
  }
}
