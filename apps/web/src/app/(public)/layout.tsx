import { FlameIcon } from '@/components/icons';

export const dynamic = 'force-dynamic';

export default function PublicLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-dvh items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2 text-2xl font-semibold tracking-tight">
          <span className="rounded-md bg-kiln-600 p-1.5 text-white">
            <FlameIcon />
          </span>
          Kiln
        </div>
        <div className="card p-6">{children}</div>
      </div>
    </div>
  );
}
