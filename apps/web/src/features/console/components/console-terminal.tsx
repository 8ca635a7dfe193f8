'use client';

import '@xterm/xterm/css/xterm.css';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Terminal } from '@xterm/xterm';
import { cn } from '@/lib/cn';
import { openConsoleAction } from '../actions/open-console';
import { CLOSE_REASON, type ServerNotice } from '../protocol';

type State = 'idle' | 'connecting' | 'connected' | 'closed';

function gatewayUrl(url: string | null, port: number | null): string {
  if (url) return url;
  const proto = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${proto}://${window.location.hostname}:${port}/console`;
}

/**
 * A terminal into the container (`pct enter` over SSH, bridged by the worker's websocket
 * gateway). Each connection uses a fresh one-time ticket from an authenticated server action.
 */
export function ConsoleTerminal({ nodeId, vmid, name }: { nodeId: string; vmid: number; name: string }) {
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal>(null);
  const ws = useRef<WebSocket>(null);
  const [state, setState] = useState<State>('idle');
  const [message, setMessage] = useState<string>();
  const [attempt, setAttempt] = useState(0);

  const connect = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    let disposed = false;
    let cleanup: (() => void) | undefined;
    setState('connecting');
    setMessage(undefined);
    (async () => {
      const [{ Terminal }, { FitAddon }] = await Promise.all([import('@xterm/xterm'), import('@xterm/addon-fit')]);
      if (disposed || !host.current) return;
      const t = new Terminal({ cursorBlink: true, fontSize: 13, fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', scrollback: 5000, theme: { background: '#09090b' } });
      const fit = new FitAddon();
      t.loadAddon(fit);
      t.open(host.current);
      fit.fit();
      term.current = t;

      const r = await openConsoleAction({ nodeId, vmid }).catch(() => undefined);
      if (disposed) return t.dispose();
      if (!r?.data) {
        setState('closed');
        setMessage(r?.serverError?.message ?? 'The console could not be opened.');
        cleanup = () => t.dispose();
        return;
      }
      const socket = new WebSocket(gatewayUrl(r.data.url, r.data.port));
      socket.binaryType = 'arraybuffer';
      ws.current = socket;
      const enc = new TextEncoder();
      socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', ticket: r.data!.ticket, cols: t.cols, rows: t.rows }));
      socket.onmessage = (ev: MessageEvent<ArrayBuffer | string>) => {
        if (typeof ev.data !== 'string') {
          t.write(new Uint8Array(ev.data));
          return;
        }
        const n = JSON.parse(ev.data) as ServerNotice;
        if (n.type === 'ready') {
          setState('connected');
          t.focus();
        } else if (n.type === 'error') setMessage(n.message);
        else if (n.type === 'exit') setMessage(`The shell ended${n.code !== null ? ` (exit ${n.code})` : ''}.`);
      };
      socket.onclose = (ev) => {
        setState('closed');
        setMessage((m) => m ?? CLOSE_REASON[ev.code] ?? `The console closed (${ev.code}).`);
      };
      // A big paste goes out in pieces: the gateway refuses frames over 64 KiB.
      const typed = t.onData((d) => {
        if (socket.readyState !== WebSocket.OPEN) return;
        const bytes = enc.encode(d);
        for (let i = 0; i < bytes.length; i += 16_384) socket.send(bytes.subarray(i, i + 16_384));
      });
      const resized = t.onResize(({ cols, rows }) => socket.readyState === WebSocket.OPEN && socket.send(JSON.stringify({ type: 'resize', cols, rows })));
      const observer = new ResizeObserver(() => {
        try {
          fit.fit();
        } catch {
          /* hidden */
        }
      });
      observer.observe(host.current!);
      cleanup = () => {
        observer.disconnect();
        typed.dispose();
        resized.dispose();
        socket.close();
        t.dispose();
      };
    })().catch(() => {
      setState('closed');
      setMessage('The console could not be started in this browser.');
    });
    return () => {
      disposed = true;
      cleanup?.();
      term.current = null;
      ws.current = null;
    };
  }, [nodeId, vmid, attempt]);

  return (
    <section aria-label={`Console of ${name}`} className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <span data-testid="console-status" data-state={state} role="status" className="flex items-center gap-2">
          <span className={cn('h-2 w-2 rounded-full', state === 'connected' ? 'bg-emerald-500' : state === 'connecting' ? 'animate-pulse bg-sky-500' : 'bg-zinc-400')} aria-hidden />
          {state === 'connected' ? `Connected to ${name}` : state === 'connecting' ? 'Connecting…' : state === 'closed' ? 'Disconnected' : ''}
        </span>
        {state === 'closed' ? (
          <button type="button" className="btn-secondary px-3 py-1.5" onClick={connect}>
            Reconnect
          </button>
        ) : null}
      </div>
      {message ? (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950/50 dark:text-amber-200">
          {message}
        </p>
      ) : null}
      <div ref={host} className="h-[60vh] min-h-64 w-full overflow-hidden rounded-lg bg-zinc-950 p-2" data-testid="console" />
    </section>
  );
}
