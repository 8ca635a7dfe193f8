import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Kiln', template: '%s · Kiln' },
  description: 'Self-hosted dashboard for Proxmox VE containers',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

// Reads the saved theme before paint, so dark mode never flashes light.
const themeScript = `(function(){try{var t=localStorage.getItem('kiln-theme');var d=t==='dark'||(t!=='light'&&matchMedia('(prefers-color-scheme: dark)').matches);document.documentElement.classList.toggle('dark',d);}catch(e){}})();`;

/** Reading the request's nonce (set by proxy.ts) also renders every page per request, as CSP nonces need. */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-dvh">{children}</body>
    </html>
  );
}
