import { isAppError } from '@kiln/core';
import { templateService } from '@/features/templates/server';
import { currentUser } from '@/server/session';

export const dynamic = 'force-dynamic';

/**
 * Downloads a template as a YAML or JSON file. Owner-checked like every action: the user's own
 * templates and the built-ins; anything else is 404 (no hint that it exists).
 */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const cur = await currentUser();
  if (!cur) return new Response('Sign in again.', { status: 401 });
  const { id } = await params;
  const format = new URL(req.url).searchParams.get('format') === 'json' ? 'json' : 'yaml';
  try {
    const file = await templateService().exportFile(cur.user.id, id, format);
    return new Response(file.body, {
      headers: {
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.filename}"`,
        'cache-control': 'private, no-store',
      },
    });
  } catch (e) {
    if (isAppError(e) && e.code === 'NOT_FOUND') return new Response('Not found', { status: 404 });
    throw e;
  }
}
