import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { ColladaLoader } from 'three/examples/jsm/loaders/ColladaLoader.js';
import { OBJLoader } from 'three/examples/jsm/loaders/OBJLoader.js';
import { STLLoader } from 'three/examples/jsm/loaders/STLLoader.js';
import URDFLoader, { type URDFRobot } from 'urdf-loader';
import { CameraFrustum, type FrustumSpec } from './cameraFrustum';

export interface RobotSceneOptions {
  /** URL of the robot's URDF; meshes are resolved relative to it. */
  urdfUrl: string;
  /** Rewrites mesh URLs (e.g. to decimated copies). */
  meshUrl?: (url: string) => string;
  /** Paint the SO-101's printed parts and motors in their colours instead of the URDF's materials. */
  so101Colors?: boolean;
}

type Listener = () => void;

/** What a tool that edits the scene (a drag gizmo) works with. */
export interface SceneTool {
  camera: THREE.Camera;
  canvas: HTMLCanvasElement;
  /** The robot's base frame (URDF: z up, metres): objects placed in robot terms go here. */
  base: THREE.Object3D;
  /** The scene itself, for helpers drawn in the world. */
  scene: THREE.Scene;
  /** The orbit camera's controls: a tool pauses them while it drags. */
  orbit: OrbitControls;
  requestRender(): void;
}

/** An object of the task as the 3D view draws it. */
export interface ObjectSpec {
  name: string;
  shape: 'box' | 'cylinder' | 'sphere';
  size: readonly [number, number, number];
  color: string;
}

const PRINTED = new THREE.MeshStandardMaterial({ color: 0xf0a23a, roughness: 0.6, metalness: 0.05 });
const MOTOR = new THREE.MeshStandardMaterial({ color: 0x2a2d33, roughness: 0.5, metalness: 0.2 });
/** Whether WebGL is drawn on the CPU (SwiftShader, llvmpipe): no GPU to multisample or to spare. */
const SOFTWARE_GL = ((): boolean => {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return false;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return /swiftshader|llvmpipe|softpipe|software/i.test(name);
})();

const HOME = { position: new THREE.Vector3(0.5, 0.38, 0.5), target: new THREE.Vector3(0, 0.1, 0) };

/**
 * The 3D replay view: a URDF robot posed from joint values, the end effector's trail (past solid,
 * future faded), a grid and axes, with an orbit camera. It renders on demand (a pose, a time or
 * the camera changed), not every animation frame. React only owns the canvas.
 */
export class RobotScene {
  private readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.PerspectiveCamera(45, 1, 0.01, 20);
  private readonly controls: OrbitControls;
  /** URDF frames are z-up; this group turns them into three's y-up world. */
  private readonly zUp = new THREE.Group();
  private robot: URDFRobot | null = null;
  private readonly trailGeometry = new THREE.BufferGeometry();
  private readonly past: THREE.Line;
  private readonly future: THREE.Line;
  private trailTimes: readonly number[] = [];
  private raf = 0;
  private readonly renderedListeners = new Set<Listener>();
  private disposed = false;
  private framesRendered = 0;
  private readonly pixelRatio = Math.min(window.devicePixelRatio, 2);
  /** While playing: the least time between two renders, so the view draws at the cameras' rate. */
  private minIntervalMs = 0;
  private lastRenderMs = 0;
  private readonly cameras = new Map<string, CameraFrustum>();
  private readonly tools = new Set<() => void>();
  private readonly objects = new Map<string, THREE.Mesh<THREE.BufferGeometry, THREE.MeshStandardMaterial>>();

  constructor(private readonly canvas: HTMLCanvasElement) {
    // preserveDrawingBuffer lets tests and screenshots read the canvas back after a frame.
    // Multisampling on a CPU renderer cost half the cameras' frame rate while playing: GPUs only.
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: !SOFTWARE_GL, preserveDrawingBuffer: true });
    canvas.dataset.softwareGl = SOFTWARE_GL ? '1' : '0';
    this.renderer.setPixelRatio(this.pixelRatio);
    this.scene.background = new THREE.Color(0x1a1e25);
    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x303040, 1.6));
    const sun = new THREE.DirectionalLight(0xffffff, 1.8);
    sun.position.set(1, 2, 1.5);
    this.scene.add(sun);
    const grid = new THREE.GridHelper(1, 20, 0x46506a, 0x2c3340);
    this.scene.add(grid);
    this.zUp.rotation.x = -Math.PI / 2;
    this.zUp.add(new THREE.AxesHelper(0.08));
    this.scene.add(this.zUp);
    this.past = new THREE.Line(this.trailGeometry, new THREE.LineBasicMaterial({ color: 0x5fd4ff }));
    this.future = new THREE.Line(
      this.trailGeometry,
      new THREE.LineBasicMaterial({ color: 0x5fd4ff, transparent: true, opacity: 0.22 }),
    );
    this.zUp.add(this.past, this.future);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.addEventListener('change', () => this.requestRender());
    this.resetView();
  }

  get canvasElement(): HTMLCanvasElement {
    return this.canvas;
  }

  get rendered(): number {
    return this.framesRendered;
  }

  /** Called after each rendered frame. */
  onDidRender(listener: Listener): () => void {
    this.renderedListeners.add(listener);
    return () => this.renderedListeners.delete(listener);
  }

  async loadRobot(opts: RobotSceneOptions): Promise<void> {
    const manager = new THREE.LoadingManager();
    if (opts.meshUrl) manager.setURLModifier(opts.meshUrl);
    const loader = new URDFLoader(manager);
    // Done when the URDF and each mesh it names have arrived. The meshes are counted here, not by
    // the loading manager: three.js loads a URL once for all loaders that ask for it at the same
    // time, and only the first one's manager hears of it.
    const robot = await new Promise<URDFRobot>((resolve, reject) => {
      let result: URDFRobot | null = null;
      let pending = 0;
      const settle = () => result && pending === 0 && resolve(result);
      loader.loadMeshCb = (path, _manager, material, done) => {
        pending++;
        const colored = opts.so101Colors ? (/sts3215/i.test(path) ? MOTOR : PRINTED) : material;
        loadMesh(manager, path, colored, (mesh, err) => {
          done(mesh, err);
          pending--;
          settle();
        });
      };
      loader.load(
        opts.urdfUrl,
        (r) => {
          result = r;
          settle();
        },
        undefined,
        reject,
      );
    });
    if (this.disposed) return;
    this.robot = robot;
    this.zUp.add(robot);
    let meshes = 0;
    robot.traverse((o) => o instanceof THREE.Mesh && meshes++);
    this.canvas.dataset.meshes = String(meshes);
    this.resetView();
  }

  /**
   * Draws cameras at their mounts: each in its parent link's frame (so a wrist camera moves with the
   * wrist), or in the robot's base frame when the link is unknown. Replaces earlier cameras.
   */
  setCameras(cameras: readonly (FrustumSpec & { parent: string })[]): void {
    for (const c of this.cameras.values()) c.dispose();
    this.cameras.clear();
    for (const spec of cameras) {
      const frustum = new CameraFrustum(spec, () => this.requestRender());
      const link = this.robot?.links[spec.parent];
      (link ?? this.robot ?? this.zUp).add(frustum.group);
      this.cameras.set(spec.name, frustum);
    }
    this.resetView();
  }

  /** Shows a camera's live image on its frustum (null: the outline only). */
  setCameraVideo(name: string, video: HTMLVideoElement | null, still: HTMLCanvasElement | null = null): void {
    this.cameras.get(name)?.setVideo(video, still);
    this.requestRender();
  }

  /** Replaces the task's objects (blocks, pads): meshes in the robot's base frame, placed by `placeObject`. */
  setObjects(objects: readonly ObjectSpec[]): void {
    for (const o of this.objects.values()) {
      o.removeFromParent();
      o.geometry.dispose();
      o.material.dispose();
    }
    this.objects.clear();
    for (const spec of objects) {
      const [sx, sy, sz] = spec.size;
      const geometry =
        spec.shape === 'sphere'
          ? new THREE.SphereGeometry(sx / 2, 24, 16)
          : spec.shape === 'cylinder'
            ? new THREE.CylinderGeometry(sx / 2, sx / 2, sz, 32).rotateX(Math.PI / 2)
            : new THREE.BoxGeometry(sx, sy, sz);
      const mesh = new THREE.Mesh(
        geometry,
        new THREE.MeshStandardMaterial({ color: spec.color, roughness: 0.6 }),
      );
      mesh.name = `object:${spec.name}`;
      mesh.visible = false;
      mesh.userData.restZ = spec.shape === 'sphere' ? sx / 2 : sz / 2;
      this.zUp.add(mesh);
      this.objects.set(spec.name, mesh);
    }
    this.canvas.dataset.objects = String(this.objects.size);
    this.requestRender();
  }

  /** Puts an object at x, y (and z, else resting on the ground), turned by yaw about z. */
  placeObject(name: string, x: number, y: number, z: number | null, yaw: number | null): void {
    const mesh = this.objects.get(name);
    if (!mesh) return;
    mesh.position.set(x, y, z ?? (mesh.userData.restZ as number));
    mesh.rotation.set(0, 0, yaw ?? 0);
    mesh.visible = true;
    this.requestRender();
  }

  get cameraNames(): string[] {
    return [...this.cameras.keys()];
  }

  /** Adds a tool to the view; the function it returns removes it (also called on dispose). */
  addTool(add: (tool: SceneTool) => () => void): () => void {
    const remove = add({
      camera: this.camera,
      canvas: this.canvas,
      base: this.zUp,
      scene: this.scene,
      orbit: this.controls,
      requestRender: () => this.requestRender(),
    });
    this.tools.add(remove);
    return () => {
      if (this.tools.delete(remove)) remove();
    };
  }

  get jointNames(): string[] {
    return this.robot
      ? Object.keys(this.robot.joints).filter((j) => this.robot!.joints[j]!.jointType !== 'fixed')
      : [];
  }

  setJoints(values: Readonly<Record<string, number>>): void {
    if (!this.robot) return;
    this.robot.setJointValues(values);
    this.requestRender();
  }

  /** The end effector's path: xyz per point in the robot's base frame, with each point's time. */
  setTrail(points: readonly number[], timesNs: readonly number[]): void {
    this.trailGeometry.setAttribute('position', new THREE.Float32BufferAttribute(points, 3));
    this.trailTimes = timesNs;
    this.setTime(0);
    this.resetView();
  }

  /** Splits the trail at `tNs`: solid up to it, faded after. */
  setTime(tNs: number): void {
    const times = this.trailTimes;
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid]! <= tNs) lo = mid + 1;
      else hi = mid;
    }
    this.past.geometry.setDrawRange(0, lo);
    this.future.geometry.setDrawRange(0, times.length);
    this.past.visible = lo > 1;
    this.requestRender();
  }

  /** Looks at the robot from the front-right, far enough to see all of it (the SO-101 view when none). */
  resetView(): void {
    // The robot, its trail and the cameras' images; not the grid, whose size says nothing about the robot's.
    const box = new THREE.Box3();
    const cameraParts = new Set<THREE.Object3D>();
    for (const c of this.cameras.values()) c.group.traverse((o) => cameraParts.add(o));
    this.robot?.updateWorldMatrix(true, true);
    this.robot?.traverse((o) => {
      if (o instanceof THREE.Mesh && !cameraParts.has(o)) box.expandByObject(o);
    });
    if (this.trailTimes.length > 1) box.union(new THREE.Box3().setFromObject(this.future));
    for (const c of this.cameras.values()) box.union(new THREE.Box3().setFromObject(c.imagePlane));
    if (box.isEmpty()) {
      this.camera.position.copy(HOME.position);
      this.controls.target.copy(HOME.target);
    } else {
      const centre = box.getCenter(new THREE.Vector3());
      const radius = Math.max(0.15, box.getBoundingSphere(new THREE.Sphere()).radius);
      const direction = HOME.position.clone().sub(HOME.target).normalize();
      this.controls.target.copy(centre);
      const distance = (1.2 * radius) / Math.sin((this.camera.fov * Math.PI) / 360);
      this.camera.position.copy(centre).addScaledVector(direction, distance);
    }
    this.controls.update();
    this.requestRender();
  }

  resize(width: number, height: number): void {
    if (width <= 0 || height <= 0) return;
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    // Resizing clears the canvas: draw at once rather than show an empty frame until the next one.
    this.renderNow();
  }

  /**
   * While a recording plays, draws at most `fps` times a second, and at half the resolution where
   * WebGL is drawn on the CPU (it would take the cores the cameras' decoders need); `null` goes back
   * to full resolution, drawn on demand, and draws once at once.
   */
  setPlayback(playback: { fps: number } | null): void {
    this.minIntervalMs = playback ? 1000 / playback.fps : 0;
    const ratio = this.pixelRatio * (playback && SOFTWARE_GL ? 0.5 : 1);
    if (ratio === this.renderer.getPixelRatio()) return;
    this.renderer.setPixelRatio(ratio);
    this.renderNow();
  }

  requestRender(): void {
    if (this.raf || this.disposed) return;
    this.raf = requestAnimationFrame((now) => {
      this.raf = 0;
      // Too soon after the last render while playing: wait for a later animation frame (a little
      // slack so a 30 fps camera on a 60 Hz display is not drawn every other time).
      if (now - this.lastRenderMs < this.minIntervalMs - 4) return this.requestRender();
      this.lastRenderMs = now;
      this.renderNow();
    });
  }

  private renderNow(): void {
    if (this.disposed) return;
    this.renderer.render(this.scene, this.camera);
    this.framesRendered++;
    this.canvas.dataset.frames = String(this.framesRendered);
    for (const l of this.renderedListeners) l();
  }

  dispose(): void {
    this.disposed = true;
    cancelAnimationFrame(this.raf);
    for (const remove of this.tools) remove();
    this.tools.clear();
    for (const c of this.cameras.values()) c.dispose();
    this.controls.dispose();
    this.renderedListeners.clear();
    this.scene.traverse((o) => {
      if (o instanceof THREE.Mesh || o instanceof THREE.Line) {
        o.geometry.dispose();
        const m = o.material as THREE.Material | THREE.Material[];
        for (const mat of Array.isArray(m) ? m : [m]) if (mat !== PRINTED && mat !== MOTOR) mat.dispose();
      }
    });
    this.renderer.dispose();
  }
}

/** Loads one URDF mesh by its extension: STL (painted with the URDF material), COLLADA or OBJ. */
function loadMesh(
  manager: THREE.LoadingManager,
  path: string,
  material: THREE.Material,
  done: (mesh: THREE.Object3D, err?: Error) => void,
): void {
  const fail = (err: unknown) => done(null as unknown as THREE.Object3D, err as Error);
  const ext = /\.([a-z]+)(?:[?#].*)?$/i.exec(path)?.[1]?.toLowerCase();
  if (ext === 'dae') {
    new ColladaLoader(manager).load(
      path,
      (dae) => (dae ? done(dressed(dae.scene, material)) : fail(new Error(`${path}: not a COLLADA file`))),
      undefined,
      fail,
    );
  } else if (ext === 'obj') {
    new OBJLoader(manager).load(path, (group) => done(dressed(group, material)), undefined, fail);
  } else {
    new STLLoader(manager).load(
      path,
      (geometry) => done(new THREE.Mesh(withNormals(geometry), material)),
      undefined,
      fail,
    );
  }
}

/** Many STL exporters write zero normals, which light as black: compute them from the faces then. */
function withNormals(geometry: THREE.BufferGeometry): THREE.BufferGeometry {
  const normals = geometry.getAttribute('normal');
  if (!normals || (normals.getX(0) === 0 && normals.getY(0) === 0 && normals.getZ(0) === 0))
    geometry.computeVertexNormals();
  return geometry;
}

/**
 * Meshes of a COLLADA or OBJ file that came without a material of their own get the URDF's, and
 * those without normals get them computed.
 */
function dressed(root: THREE.Object3D, material: THREE.Material): THREE.Object3D {
  root.traverse((o) => {
    if (!(o instanceof THREE.Mesh)) return;
    const own = o.material as THREE.Material | THREE.Material[];
    if (!Array.isArray(own) && !own.name) o.material = material;
    withNormals(o.geometry as THREE.BufferGeometry);
  });
  return root;
}
