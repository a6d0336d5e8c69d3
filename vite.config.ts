import { defineConfig } from 'vite';

export default defineConfig({
  root: 'app',
  base: './',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: '../dist/app',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    sourcemap: true,
  },
});
