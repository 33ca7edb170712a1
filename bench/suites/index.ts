import type { Suite } from '../lib/suite.js';
import { desktopPreview } from './desktop-preview.js';
import { pipelineOverhead } from './pipeline-overhead.js';
import { resumeWaste } from './resume-waste.js';
import { searchLatency } from './search-latency.js';
import { uploadMemory } from './upload-memory.js';
import { uploadThroughput } from './upload-throughput.js';

/** Every benchmark, in the order a full run executes them. */
export const SUITES: Suite[] = [uploadThroughput, uploadMemory, resumeWaste, pipelineOverhead, searchLatency, desktopPreview];
