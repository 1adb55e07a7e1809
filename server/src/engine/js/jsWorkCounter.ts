/**
 * Units of work the JS/TS analysis does that grow with the file: nodes visited by tree walks, scope and parent
 * hops, call sites examined, characters of whole-text scans. Never reset by the analysis; a test reads it before
 * and after analysing a file of n and of 2n units to prove the analysis linear by counting, not by timing.
 */
export const jsWork = { units: 0 };
