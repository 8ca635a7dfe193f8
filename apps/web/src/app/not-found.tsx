import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center px-4 text-center">
      <p className="text-sm font-semibold text-kiln-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">Page not found</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">The page you asked for does not exist or was moved.</p>
      <Link href="/" className="btn-primary mt-6">
        Back to the dashboard
      </Link>
    </div>
  );
}
