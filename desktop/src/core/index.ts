/**
 * Desktop core: plain Node (no Electron), shared by the Electron main process, the loopback
 * host and the CLI. The desktop issue fills it in; for now it names the contract it speaks.
 */
export { mediaSchema, type MediaDto } from '@biblio/shared';
