/**
 * Control for Proxmox VE calls that share one time budget (a page render): each call may take
 * what is left, and the signal ends retries and backoff once the budget is spent. A call's own
 * timeout alone would not do: GETs are retried after a timeout, tripling the wait on a hung node.
 */
export function pveBudget(ms: number): () => { timeoutMs: number; signal: AbortSignal } {
  const deadline = Date.now() + ms;
  const signal = AbortSignal.timeout(ms);
  return () => ({ timeoutMs: Math.max(250, deadline - Date.now()), signal });
}
