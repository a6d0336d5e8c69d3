// The Node-side services, for the Electron shell and scripts.
export { createServices, type StudioServices } from './service/services';
export { startWebHost } from './host/webHost';
export { defaultWorkspaceDir, distPath, resourcePath } from './paths';
