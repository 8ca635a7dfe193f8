'use client';

import { useEffect, useRef, useState } from 'react';
import { serviceJournalAction } from '../actions/journal';

const MAX_LINES = 2000;

/** The last lines of a unit's journal, and "Follow" to stream new lines live (server-sent events). */
export function JournalViewer({ nodeId, vmid, unit, onClose }: { nodeId: string; vmid: number; unit: string; onClose: () => void }) {
  const [lines, setLines] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [follow, setFollow] = useState(false);
  const [followState, setFollowState] = useState<string>();
  const box = useRef<HTMLPreElement>(null);

  useEffect(() => {
    let cancelled = false;
    serviceJournalAction({ nodeId, vmid, unit, lines: 200 })
      .then((r) => {
        if (cancelled) return;
        if (r?.data) setLines(r.data.lines);
        else setError(r?.serverError?.message ?? 'The journal could not be read.');
      })
      .catch(() => !cancelled && setError('The journal could not be read.'))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [nodeId, vmid, unit]);

  useEffect(() => {
    if (!follow) return;
    const es = new EventSource(`/containers/${nodeId}/${vmid}/journal?unit=${encodeURIComponent(unit)}`);
    setFollowState('connecting');
    es.addEventListener('open', () => setFollowState('following'));
    es.addEventListener('lines', (e) => {
      const fresh = JSON.parse((e as MessageEvent<string>).data) as string[];
      setLines((prev) => [...prev, ...fresh].slice(-MAX_LINES));
    });
    es.addEventListener('failure', (e) => {
      setError((JSON.parse((e as MessageEvent<string>).data) as { message: string }).message);
      setFollow(false);
    });
    es.addEventListener('end', () => {
      setFollowState('stopped');
      setFollow(false);
    });
    es.onerror = () => setFollowState('reconnecting');
    return () => {
      es.close();
      setFollowState(undefined);
    };
  }, [follow, nodeId, vmid, unit]);

  useEffect(() => {
    const el = box.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines]);

  return (
    <section className="card p-3" aria-label={`Journal of ${unit}`} data-testid="journal">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h3 className="break-all font-mono text-sm">journalctl -u {unit}</h3>
        <div className="flex items-center gap-2">
          {followState ? (
            <span className="text-xs text-zinc-500" role="status">
              {followState}
            </span>
          ) : null}
          <label className="flex items-center gap-1 text-xs">
            <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
          </label>
          <button type="button" className="btn-ghost px-2 py-1 text-xs" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
      {error ? (
        <p role="alert" className="mb-2 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      {loading ? (
        <p className="text-xs text-zinc-500">Reading the journal…</p>
      ) : (
        <pre ref={box} className="max-h-80 overflow-auto whitespace-pre-wrap break-all rounded-md bg-zinc-950 p-3 font-mono text-xs leading-relaxed text-zinc-100">
          {lines.length ? lines.join('\n') : '-- No entries --'}
        </pre>
      )}
    </section>
  );
}
