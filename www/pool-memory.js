// "Remember this pool on this device": the pool inputs' values (the two
// JSON boxes and the settings, never anything of a file) kept in
// localStorage, only while the user has it on. Storage can fail (private
// browsing, a full quota, storage turned off): each function then says
// why, and never throws. `storage` is a function that gives the Storage,
// as reading `window.localStorage` itself can throw.

/** The one key the page stores, and only when asked to. */
export const POOL_MEMORY_KEY = 'cognito-csv-validator:pool';

/** The inputs' values that are kept: those `optionsFromSettings` reads. */
export const REMEMBERED_SETTINGS = ['pool', 'header', 'mfa', 'autoVerified', 'caseSensitive', 'hash'];

const pageStorage = () => window.localStorage;

/** Only the settings, each as text: whatever else `values` holds is left out. */
function settingsOf(values) {
  return Object.fromEntries(REMEMBERED_SETTINGS.map((name) => [name, typeof values?.[name] === 'string' ? values[name] : '']));
}

/** The settings remembered, or null: none kept, or none that can be read. */
export function recallSettings(storage = pageStorage) {
  try {
    const text = storage().getItem(POOL_MEMORY_KEY);
    return text === null ? null : settingsOf(JSON.parse(text));
  } catch {
    // Storage turned off, or a value the page did not write: nothing remembered.
    return null;
  }
}

/** Keeps the settings; returns null, or why the browser did not let the page. */
export function rememberSettings(values, storage = pageStorage) {
  try {
    storage().setItem(POOL_MEMORY_KEY, JSON.stringify(settingsOf(values)));
    return null;
  } catch (error) {
    return `The browser could not remember the pool (${storageFailure(error)}): it is used on this page until it is closed.`;
  }
}

/** Removes what was kept; returns null, or why the browser did not let the page. */
export function forgetSettings(storage = pageStorage) {
  try {
    storage().removeItem(POOL_MEMORY_KEY);
    return null;
  } catch (error) {
    return `The browser could not forget the pool (${storageFailure(error)}): clear this site's data in the browser's settings.`;
  }
}

function storageFailure(error) {
  if (error?.name === 'QuotaExceededError') return 'its storage for this page is full: the quota is exceeded';
  if (error?.name === 'SecurityError') return 'it keeps no data for this page, as in private browsing or with storage turned off';
  return error?.message ?? String(error);
}
