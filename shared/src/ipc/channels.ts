/**
 * The desktop IPC contract: channel -> argument and result types. The preload exposes exactly
 * these channels; the desktop issue fills in the full map.
 */
export interface IpcChannels {
  'app:version': { args: []; result: string };
}
export type IpcChannel = keyof IpcChannels;
