import { request } from 'undici';

/**
 * Kiln's outbound HTTP to anything that is not Proxmox (notification channels: webhooks, chat
 * services). It lives here because this package owns undici; it shares nothing else with the PVE
 * client. No redirects are followed: a channel posts to exactly the URL the user saved.
 */
export interface OutboundRequest {
  method?: 'POST' | 'PUT';
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface OutboundResponse {
  status: number;
  /** The first 2 KiB of the answer, for the error a user reads. */
  body: string;
}

export async function sendOutbound(url: string, req: OutboundRequest): Promise<OutboundResponse> {
  const res = await request(url, {
    method: req.method ?? 'POST',
    headers: req.headers,
    body: req.body,
    headersTimeout: req.timeoutMs,
    bodyTimeout: req.timeoutMs,
    signal: AbortSignal.timeout(req.timeoutMs),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text.slice(0, 2048) };
}
