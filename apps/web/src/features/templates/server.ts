import 'server-only';
import { TemplateService } from '@kiln/services';
import { getDb } from '@/server/services';

const g = globalThis as unknown as { __kilnTemplateService?: TemplateService };

/** The web process's template service (one instance, kept across dev reloads). */
export function templateService(): TemplateService {
  g.__kilnTemplateService ??= new TemplateService(getDb());
  return g.__kilnTemplateService;
}
