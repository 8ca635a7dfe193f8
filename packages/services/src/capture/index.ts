export { requestCapture, captureDraftFor, activeCaptureFor, type CaptureDraftView } from './request';
export { captureDraft, difference, osOf, type CaptureDraft } from './draft';
export { parseProbe, PROBE_ARGV, type ProbeResult as CaptureProbeResult } from './probe';
export { BASE_IMAGES, familyOf, type CaptureFamily } from './base-images';
