import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { distPath } from '../../src/paths';

/**
 * Starts a job from a separate studio process (the built bundle) on a workspace, so a test can kill
 * that process mid-way as a crash would. Resolves once the job is queued.
 */
export async function jobInAnotherProcess(
  workspaceDir: string,
  kind: string,
  params: unknown,
): Promise<{ jobId: string; kill(): Promise<void> }> {
  const script = `
    const { createServices } = await import(${JSON.stringify(pathToFileURL(distPath('node', 'index.js')).href)});
    const s = createServices({ workspaceDir: ${JSON.stringify(workspaceDir)}, host: 'web' });
    const job = s.runner.enqueue(${JSON.stringify(kind)}, 'crash me', ${JSON.stringify(params)});
    console.log(job.id);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const jobId = await new Promise<string>((resolve) =>
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
  );
  return {
    jobId,
    async kill() {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
