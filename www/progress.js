// The progress line of a file being read.
import { count } from './shared.js';

/** Seconds of reading before the time left is told: the rate of the first
 * tenths of a second (the worker starting, the first chunks) is no guide
 * to the rest, and gave "20 s left" for a file read in one. */
export const ESTIMATE_AFTER_SECONDS = 0.5;

/** The progress line after `seconds` of reading: the share read, the rate,
 * the users so far (when known: null for a file read in parts) and, once
 * the rate is steady, the time left. */
export function progressText({ bytesRead, totalBytes, users }, seconds) {
  const share = totalBytes ? bytesRead / totalBytes : 0;
  const rate = seconds > 0 ? bytesRead / seconds : 0;
  // Users are counted as the file is read in one pass; in parts, at the end.
  const parts = [`${Math.floor(share * 100)}%`, `${(rate / 1e6).toFixed(0)} MB/s`, ...(users === null ? [] : [`${count(users)} users so far`])];
  if (seconds >= ESTIMATE_AFTER_SECONDS && rate > 0 && totalBytes) {
    const left = (totalBytes - bytesRead) / rate;
    parts.push(left < 1 ? 'under a second left' : `${Math.ceil(left)} s left`);
  }
  return parts.join(' · ');
}
