/** The UI language chosen (zh-CN or en-US; zh-CN when none). */
export const LANG_KEY = 'ow.lang';

/** localStorage that never throws (private mode, disabled storage). */
export function readPref(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writePref(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    /* ignore */
  }
}
