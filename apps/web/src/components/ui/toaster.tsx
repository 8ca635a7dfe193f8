'use client';

import { Toaster as Sonner } from 'sonner';

/** One toast area for the app: outcomes of actions that finish after the user looked away. */
export function Toaster() {
  return <Sonner position="bottom-right" richColors closeButton theme="system" toastOptions={{ duration: 6000 }} />;
}
