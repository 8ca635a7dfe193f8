import type { ViewKeyFn } from '@/server/document-request';

/**
 * Runs once when the server starts: a missing or malformed variable stops the process with a
 * message naming it, instead of failing on the first request.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getConfig, ConfigurationError } = await import('@kiln/config');
  try {
    getConfig();
  } catch (e) {
    if (e instanceof ConfigurationError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  // Cached document views: the key function is loaded with the first page view that asks for it.
  const { VIEW_KEY } = await import('@/server/document-request');
  const viewKey: ViewKeyFn = async (url, headers) => (await import('@/features/containers/view-key')).containersView(url, headers);
  (globalThis as { [VIEW_KEY]?: ViewKeyFn })[VIEW_KEY] = viewKey;
}
