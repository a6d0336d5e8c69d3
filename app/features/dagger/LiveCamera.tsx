import { useEffect, useRef } from 'react';
import type { LiveStep } from '../../../src/common/api';

/** The environment's camera at the newest step of a live rollout, drawn pixel for pixel. */
export function LiveCamera({ step }: { step: LiveStep | null }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const image = step?.image;
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas || !image) return;
    const rgb = Uint8Array.from(atob(image.rgb), (c) => c.charCodeAt(0));
    if (rgb.length !== image.width * image.height * 3)
      throw new Error(`live camera image: ${rgb.length} bytes for ${image.width} x ${image.height} RGB`);
    canvas.width = image.width;
    canvas.height = image.height;
    const rgba = new ImageData(image.width, image.height);
    for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
      rgba.data[j] = rgb[i]!;
      rgba.data[j + 1] = rgb[i + 1]!;
      rgba.data[j + 2] = rgb[i + 2]!;
      rgba.data[j + 3] = 255;
    }
    canvas.getContext('2d')!.putImageData(rgba, 0, 0);
  }, [image]);
  if (!image) return null;
  return (
    <figure className="live-camera">
      <canvas ref={ref} data-testid="live-camera" data-step={step.step} />
      <figcaption className="muted">
        camera · {image.width} × {image.height}
      </figcaption>
    </figure>
  );
}
