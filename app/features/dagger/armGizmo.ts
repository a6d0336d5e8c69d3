import * as THREE from 'three';
import { TransformControls } from 'three/examples/jsm/controls/TransformControls.js';
import type { RobotScene } from '../../viewer/robotScene';

export type Vec3 = [number, number, number];

/**
 * A translate gizmo (three's TransformControls) on a handle at the arm's end effector, in the
 * robot's base frame. Dragging reports each new target; while it drags, `place` does not move the
 * handle (the drag owns it). The handle turns red while the target is out of reach.
 *
 * The canvas says where the handle shows (`data-handle`, CSS pixels, after each frame) and whether
 * that is where it will stay (`data-handle-settled`: "0" while a position is on its way, "1" once the
 * frame showing the latest one is drawn).
 */
export class ArmGizmo {
  private readonly handle = new THREE.Mesh(
    new THREE.SphereGeometry(0.012, 16, 12),
    new THREE.MeshBasicMaterial({ color: 0x5fd4ff, depthTest: false, transparent: true }),
  );
  private controls: TransformControls | null = null;
  private draggingNow = false;
  private requestRender: () => void = () => {};
  private canvas: HTMLCanvasElement | null = null;
  /** Bumped by every placement: an answer for an older one is dropped. */
  private ticket = 0;
  /** The next frame drawn shows the latest placement. */
  private settleOnRender = false;
  private readonly remove: () => void;

  constructor(
    scene: RobotScene,
    private readonly onDrag: (target: Vec3) => void,
    private readonly onRelease: () => void,
  ) {
    this.handle.renderOrder = 10;
    this.remove = scene.addTool((tool) => {
      this.requestRender = tool.requestRender;
      this.canvas = tool.canvas;
      tool.base.add(this.handle);
      const controls = new TransformControls(tool.camera, tool.canvas);
      controls.setSpace('local');
      controls.setSize(1.1);
      controls.attach(this.handle);
      const helper = controls.getHelper();
      tool.scene.add(helper);
      controls.addEventListener('dragging-changed', (e) => {
        const dragging = Boolean((e as { value?: unknown }).value);
        this.draggingNow = dragging;
        tool.orbit.enabled = !dragging;
        if (!dragging) this.onRelease();
      });
      controls.addEventListener('objectChange', () => {
        const p = this.handle.position;
        this.onDrag([p.x, p.y, p.z]);
      });
      controls.addEventListener('change', () => tool.requestRender());
      // Which part of the gizmo the pointer is over (none: null), for tests and the cursor.
      controls.addEventListener('axis-changed', () => {
        tool.canvas.dataset.gizmoAxis = controls.axis ?? '';
        tool.canvas.style.cursor = controls.axis ? 'grab' : '';
      });
      this.controls = controls;
      // Where the handle shows on the canvas (CSS pixels), after each frame: for tests and hints.
      const offRender = scene.onDidRender(() => {
        const v = this.handle.getWorldPosition(new THREE.Vector3()).project(tool.camera);
        const x = ((v.x + 1) / 2) * tool.canvas.clientWidth;
        const y = ((1 - v.y) / 2) * tool.canvas.clientHeight;
        tool.canvas.dataset.handle = `${x.toFixed(1)},${y.toFixed(1)}`;
        if (this.settleOnRender) {
          this.settleOnRender = false;
          tool.canvas.dataset.handleSettled = '1';
        }
      });
      return () => {
        offRender();
        controls.detach();
        controls.dispose();
        tool.scene.remove(helper);
        tool.base.remove(this.handle);
        this.handle.geometry.dispose();
        this.handle.material.dispose();
      };
    });
  }

  get dragging(): boolean {
    return this.draggingNow;
  }

  /** Where the end effector is (m, base frame); ignored while the expert drags. */
  place(p: readonly number[]): void {
    this.ticket++;
    this.show(p);
  }

  /**
   * Places the handle where `where` resolves (an answer from the studio): a placement made since
   * wins, so answers arriving out of order never leave the handle on an older pose. Resolves to the
   * position shown, or null when a later placement took over.
   */
  async placeWhen(where: Promise<Vec3>): Promise<Vec3 | null> {
    const ticket = ++this.ticket;
    this.settleOnRender = false;
    if (this.canvas) this.canvas.dataset.handleSettled = '0';
    const p = await where;
    if (ticket !== this.ticket) return null;
    this.show(p);
    return p;
  }

  private show(p: readonly number[]): void {
    if (this.draggingNow) return;
    this.handle.position.set(p[0]!, p[1]!, p[2]!);
    this.settleOnRender = true;
    this.requestRender();
  }

  setReachable(ok: boolean): void {
    this.handle.material.color.set(ok ? 0x5fd4ff : 0xe8553d);
    this.requestRender();
  }

  dispose(): void {
    this.controls = null;
    this.remove();
  }
}
