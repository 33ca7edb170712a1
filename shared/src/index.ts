export * from './api/media.js';
export * from './api/errors.js';
export * from './api/account.js';
export * from './api/health.js';
export * from './api/upload-metadata.js';
export * from './jobs/stages.js';
export * from './media/types.js';
export * from './ipc/channels.js';
