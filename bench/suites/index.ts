import type { Suite } from '../lib/suite.js';
import { desktopPreview } from './desktop-preview.js';

/** Every benchmark, in the order a full run executes them. */
export const SUITES: Suite[] = [desktopPreview];
